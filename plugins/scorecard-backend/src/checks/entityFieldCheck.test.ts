import { ConfigReader } from '@backstage/config';
import { entity, run } from './__testUtils__/runCheck';
import { entityFieldCheckType } from './entityFieldCheck';

describe('entity-field', () => {
  const params = { field: 'spec.owner', refKind: 'group' };
  it('passes for a group owner, bare or qualified', async () => {
    expect(await run(entityFieldCheckType, params, entity())).toEqual({
      status: 'passed',
      detail: 'spec.owner is group:order-squad',
    });
    expect(
      (await run(entityFieldCheckType, params, entity({}, { owner: 'squad' })))
        .status,
    ).toBe('passed');
  });
  it('fails when missing, empty, or not a group', async () => {
    expect(
      await run(entityFieldCheckType, params, entity({}, { owner: '' })),
    ).toEqual({ status: 'failed', detail: 'spec.owner is not set' });
    expect(
      await run(
        entityFieldCheckType,
        params,
        entity({}, { owner: 'user:alice' }),
      ),
    ).toEqual({
      status: 'failed',
      detail: 'spec.owner is "user:alice", a user, not a group',
    });
  });
  it('refuses a missing field parameter or a broken pattern', () => {
    expect(() => entityFieldCheckType.parseParams(undefined)).toThrow(
      'params.field is required',
    );
    expect(() =>
      entityFieldCheckType.parseParams(
        new ConfigReader({ field: 'spec.owner', pattern: '([' }),
      ),
    ).toThrow(/params.pattern is not a valid regular expression/);
  });
});
