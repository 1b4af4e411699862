import { ConfigReader } from '@backstage/config';
import { readBackendRole } from './backendRole';

const toAdoption = {
  target: 'http://adoption:7007/api/{{pluginId}}',
  plugins: ['adoption'],
};
const toPortal = {
  target: 'http://portal:7007/api/{{pluginId}}',
  plugins: ['*'],
};
const read = (backend: object, endpoints?: object[]) =>
  readBackendRole(
    new ConfigReader({ backend, discovery: endpoints && { endpoints } }),
  );

describe('readBackendRole', () => {
  it('is all unless set', () => {
    expect(read({})).toBe('all');
    expect(read({ role: 'all' })).toBe('all');
  });

  it('splits when the other half is routed', () => {
    expect(read({ role: 'portal' }, [toAdoption])).toBe('portal');
    expect(read({ role: 'adoption' }, [toPortal, toAdoption])).toBe('adoption');
  });

  it('refuses a role it does not know', () => {
    expect(() => read({ role: 'catalog' })).toThrow(
      "backend.role must be one of all, portal, adoption; got 'catalog'",
    );
  });

  it('refuses a half that does not know where the other is', () => {
    expect(() => read({ role: 'portal' })).toThrow(
      /discovery.endpoints needs an entry with plugins: \[adoption\]/,
    );
    expect(() => read({ role: 'portal' }, [toPortal])).toThrow(
      /plugins: \[adoption\]/,
    );
    expect(() => read({ role: 'adoption' }, [toAdoption])).toThrow(
      /discovery.endpoints needs an entry with plugins: \['\*'\]/,
    );
  });
});
