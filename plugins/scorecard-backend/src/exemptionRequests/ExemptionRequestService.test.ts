import type {
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  TestDatabases,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { InputError } from '@backstage/errors';
import type { EntityScorecard } from '@internal/backstage-plugin-scorecard-common';
import { ScorecardStore } from '../database/ScorecardStore';
import { entity } from '../__testUtils__/scorecardTestBackend';
import {
  ExemptionRequestService,
  principalRef,
  type ExemptionRequestScorecard,
} from './ExemptionRequestService';
import { ExemptionRequestStore } from './ExemptionRequestStore';

/*
 * The service over the real store (SQLite in memory), with the scorecard
 * service, the catalog, user info and permissions faked: who may ask,
 * decide and withdraw, one pending request per entity and check, and the
 * decisions kept. The HTTP API on both databases is in
 * exemptionRequests.integration.test.ts.
 */

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});

const BOB = mockCredentials.user('user:default/bob'); // team-a
const CAROL = mockCredentials.user('user:default/carol'); // another team
const FRANK = mockCredentials.user('user:default/frank'); // platform team
const OWNERSHIP: Record<string, string[]> = {
  'user:default/bob': ['user:default/bob', 'Group:default/Team-A'],
  'user:default/carol': ['user:default/carol', 'group:default/team-b'],
  'user:default/frank': ['user:default/frank', 'group:default/platform'],
};

type S = ExemptionRequestScorecard;

const T0 = new Date('2026-01-10T00:00:00.000Z');
const DAY = 24 * 3600 * 1000;
const IN_30_DAYS = new Date(T0.getTime() + 30 * DAY);

describe('ExemptionRequestService', () => {
  let service: ExemptionRequestService;
  let scorecard: jest.Mocked<ExemptionRequestScorecard>;
  let now: Date;

  beforeEach(async () => {
    const knex = await databases.init('SQLITE_3');
    await ScorecardStore.create({ database: mockServices.database({ knex }) });
    now = T0;
    scorecard = {
      validateExemption: jest.fn(),
      getEntityScorecard: jest.fn<
        ReturnType<S['getEntityScorecard']>,
        Parameters<S['getEntityScorecard']>
      >(async entityRef => ({
        entityRef,
        score: { passed: 1, total: 2 },
        level: null,
        evaluatedAt: T0.toISOString(),
        checks: [
          { id: 'has-owner' },
          { id: 'pagerduty-service' },
        ] as EntityScorecard['checks'],
      })),
      createExemption: jest.fn<
        ReturnType<S['createExemption']>,
        Parameters<S['createExemption']>
      >(async () => ({
        entityRef: '',
        checkId: '',
        reason: '',
        author: '',
        createdAt: '',
        expiresAt: '',
      })),
    };
    const userInfo: UserInfoService = {
      getUserInfo: async (credentials: BackstageCredentials) => {
        const ref = principalRef(credentials);
        return { userEntityRef: ref, ownershipEntityRefs: OWNERSHIP[ref] };
      },
    };
    const permissions = {
      authorize: async (requests: unknown[], options: any) =>
        requests.map(() => ({
          result:
            principalRef(options.credentials) === 'user:default/frank'
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        })),
    } as unknown as PermissionsService;
    service = new ExemptionRequestService({
      store: new ExemptionRequestStore(knex),
      scorecard,
      catalog: catalogServiceMock({
        entities: [
          entity('Component', 'service-a', { owner: 'team-a' }),
          entity('Component', 'orphan'),
        ],
      }),
      userInfo,
      permissions,
      now: () => now,
    });
  });

  const ask = (
    credentials: BackstageCredentials,
    input: Partial<{ entityRef: string; checkId: string }> = {},
  ) =>
    service.create(
      {
        entityRef: 'component:default/service-a',
        checkId: 'pagerduty-service',
        reason: 'paged through the payments rotation',
        expiresAt: IN_30_DAYS,
        ...input,
      },
      credentials,
    );

  it('lets an owner ask, once per entity and check, with the same validation as exemptions', async () => {
    const request = await ask(BOB);
    expect(request).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      entityRef: 'component:default/service-a',
      checkId: 'pagerduty-service',
      reason: 'paged through the payments rotation',
      expiresAt: '2026-02-09T00:00:00.000Z',
      requestedBy: 'user:default/bob',
      requestedAt: '2026-01-10T00:00:00.000Z',
      status: 'pending',
    });
    expect(scorecard.validateExemption).toHaveBeenCalledWith(
      expect.objectContaining({
        checkId: 'pagerduty-service',
        expiresAt: IN_30_DAYS,
      }),
      T0,
    );
    expect(
      await service.list({
        entityRef: 'Component:default/Service-A',
        limit: 10,
      }),
    ).toEqual([request]);

    await expect(ask(BOB)).rejects.toThrow(
      `An exemption request for component:default/service-a and "pagerduty-service" is already pending (${request.id}, by user:default/bob)`,
    );
    // another check is another request
    await expect(ask(BOB, { checkId: 'has-owner' })).resolves.toMatchObject({
      status: 'pending',
      checkId: 'has-owner',
    });
  });

  it('refuses what the validation of exemptions refuses, before anything is stored', async () => {
    scorecard.validateExemption.mockImplementation(() => {
      throw new InputError('expiresAt must be in the future');
    });
    await expect(ask(BOB)).rejects.toThrow('expiresAt must be in the future');
    expect(await service.list({ limit: 10 })).toEqual([]);
  });

  it('refuses a check that does not apply to the entity, and an unknown entity', async () => {
    await expect(ask(BOB, { checkId: 'techdocs' })).rejects.toThrow(
      'Check "techdocs" does not apply to component:default/service-a',
    );
    await expect(
      ask(BOB, { entityRef: 'component:default/nope' }),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
      message: 'No entity component:default/nope in the catalog',
    });
  });

  it('refuses a non-owner, naming the owner; the platform team may ask for anyone', async () => {
    await expect(ask(CAROL)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        'Only the owner of component:default/service-a (group:default/team-a) or the platform team may request an exemption for it',
    });
    await expect(
      ask(CAROL, { entityRef: 'component:default/orphan' }),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        'component:default/orphan has no owner: only the platform team may request an exemption for it',
    });
    await expect(
      ask(FRANK, { entityRef: 'component:default/orphan' }),
    ).resolves.toMatchObject({
      requestedBy: 'user:default/frank',
      status: 'pending',
    });
    expect(await service.list({ limit: 10 })).toHaveLength(1);
  });

  it('approves: creates the exemption as the decider, keeps who, when and why', async () => {
    const request = await ask(BOB);
    now = new Date(T0.getTime() + DAY);
    await expect(service.approve(request.id, undefined, BOB)).rejects.toThrow(
      'Not allowed: scorecard.exemption.decide',
    );
    const approved = await service.approve(request.id, 'agreed', FRANK);
    const expected = {
      ...request,
      status: 'approved',
      decidedBy: 'user:default/frank',
      decidedAt: '2026-01-11T00:00:00.000Z',
      decisionReason: 'agreed',
    };
    expect(approved).toEqual(expected);
    expect(scorecard.createExemption).toHaveBeenCalledTimes(1);
    expect(scorecard.createExemption).toHaveBeenCalledWith(
      {
        entityRef: 'component:default/service-a',
        checkId: 'pagerduty-service',
        reason: 'paged through the payments rotation',
        expiresAt: IN_30_DAYS,
      },
      'user:default/frank',
      FRANK,
    );
    expect(await service.list({ limit: 10 })).toEqual([expected]);

    await expect(service.approve(request.id, undefined, FRANK)).rejects.toThrow(
      `Exemption request ${request.id} is already approved`,
    );
    await expect(service.deny(request.id, 'no', FRANK)).rejects.toMatchObject({
      name: 'ConflictError',
    });
    // decided: the owner may ask again
    await expect(ask(BOB)).resolves.toMatchObject({ status: 'pending' });
  });

  it('keeps a request pending when its exemption cannot be created', async () => {
    const request = await ask(BOB);
    scorecard.createExemption.mockRejectedValueOnce(new Error('catalog down'));
    await expect(service.approve(request.id, 'ok', FRANK)).rejects.toThrow(
      'catalog down',
    );
    expect(await service.list({ limit: 10 })).toEqual([request]);
  });

  it('does not approve a request whose expiry has passed', async () => {
    const request = await ask(BOB);
    now = new Date(IN_30_DAYS.getTime() + 1);
    await expect(service.approve(request.id, undefined, FRANK)).rejects.toThrow(
      `Exemption request ${request.id} asked for an exemption until 2026-02-09T00:00:00.000Z, which has passed: deny it, and the owner may ask again`,
    );
    expect(scorecard.createExemption).not.toHaveBeenCalled();
    await expect(service.deny(request.id, 'too late', FRANK)).resolves.toEqual(
      expect.objectContaining({ status: 'denied', decisionReason: 'too late' }),
    );
  });

  it('denies with a reason; the requester (only) withdraws', async () => {
    const first = await ask(BOB);
    await expect(service.deny(first.id, 'fix it', CAROL)).rejects.toThrow(
      'Not allowed: scorecard.exemption.decide',
    );
    const denied = await service.deny(first.id, 'fix it instead', FRANK);
    expect(denied).toEqual({
      ...first,
      status: 'denied',
      decidedBy: 'user:default/frank',
      decidedAt: '2026-01-10T00:00:00.000Z',
      decisionReason: 'fix it instead',
    });
    expect(scorecard.createExemption).not.toHaveBeenCalled();

    now = new Date(T0.getTime() + 1000);
    const second = await ask(BOB);
    await expect(service.withdraw(second.id, undefined, FRANK)).rejects.toThrow(
      `Only the requester user:default/bob may withdraw exemption request ${second.id}`,
    );
    const withdrawn = await service.withdraw(second.id, undefined, BOB);
    expect(withdrawn).toEqual({
      ...second,
      status: 'withdrawn',
      decidedBy: 'user:default/bob',
      decidedAt: '2026-01-10T00:00:01.000Z',
    });

    // newest first, every decision kept; a status filter
    expect(await service.list({ limit: 10 })).toEqual([withdrawn, denied]);
    expect(await service.list({ status: 'denied', limit: 10 })).toEqual([
      denied,
    ]);
    expect(await service.list({ status: 'pending', limit: 10 })).toEqual([]);
    expect(await service.list({ limit: 1 })).toEqual([withdrawn]);
  });

  it('answers 404 for an unknown request', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    for (const call of [
      () => service.approve(id, undefined, FRANK),
      () => service.deny(id, 'no', FRANK),
      () => service.withdraw(id, undefined, BOB),
    ]) {
      await expect(call()).rejects.toMatchObject({
        name: 'NotFoundError',
        message: `No exemption request ${id}`,
      });
    }
  });
});
