import type { AnalyticsEvent } from '@backstage/frontend-plugin-api';
import {
  clean,
  routePattern,
  toAdoptionEvent,
  userPage,
} from './toAdoptionEvent';

const NOW = new Date('2026-12-07T10:00:00.000Z');

const event = (e: Partial<AnalyticsEvent>): AnalyticsEvent => ({
  action: 'navigate',
  subject: '/',
  context: { pluginId: 'catalog', extensionId: 'page:catalog/entity' },
  ...e,
});

describe('toAdoptionEvent', () => {
  it('records a page view by its route pattern and entity, no query string', () => {
    expect(
      toAdoptionEvent(
        event({
          subject: '/catalog/default/component/order-service/ci?tab=1#x',
          attributes: {
            namespace: 'default',
            kind: 'component',
            name: 'order-service',
          },
        }),
        NOW,
      ),
    ).toEqual({
      occurredAt: '2026-12-07T10:00:00.000Z',
      action: 'navigate',
      subject: '/catalog/default/component/order-service/ci',
      pluginId: 'catalog',
      extensionId: 'page:catalog/entity',
      routePath: '/catalog/:namespace/:kind/:name/ci',
      entityRef: 'component:default/order-service',
    });
  });

  it('records a page without parameters as its path', () => {
    expect(
      toAdoptionEvent(
        event({
          subject: '/docs',
          context: { pluginId: 'techdocs', extensionId: 'page:techdocs' },
        }),
        NOW,
      ),
    ).toEqual({
      occurredAt: '2026-12-07T10:00:00.000Z',
      action: 'navigate',
      subject: '/docs',
      pluginId: 'techdocs',
      extensionId: 'page:techdocs',
      routePath: '/docs',
      entityRef: undefined,
    });
  });

  it('records a search with its result count', () => {
    expect(
      toAdoptionEvent(
        event({
          action: 'search',
          subject: ' payment gateway ',
          value: 0,
          context: { pluginId: 'search', extensionId: 'page:search' },
        }),
        NOW,
      ),
    ).toEqual({
      occurredAt: '2026-12-07T10:00:00.000Z',
      action: 'search',
      subject: 'payment gateway',
      pluginId: 'search',
      extensionId: 'page:search',
      searchResultCount: 0,
    });
    expect(
      toAdoptionEvent(event({ action: 'search', subject: 'x' }), NOW),
    ).toMatchObject({ searchResultCount: undefined });
    expect(
      toAdoptionEvent(event({ action: 'search', subject: '   ' }), NOW),
    ).toBeUndefined();
  });

  it('records clicks on links to an entity, and no other click', () => {
    expect(
      toAdoptionEvent(
        event({
          action: 'click',
          subject: 'order-service',
          attributes: { to: '/catalog/default/Component/order-service?x' },
        }),
        NOW,
      ),
    ).toEqual({
      occurredAt: '2026-12-07T10:00:00.000Z',
      action: 'click',
      subject: 'order-service',
      pluginId: 'catalog',
      extensionId: 'page:catalog/entity',
      target: '/catalog/default/Component/order-service',
      entityRef: 'component:default/order-service',
    });
    expect(
      toAdoptionEvent(
        event({
          action: 'click',
          subject: 'Docs',
          attributes: { to: '/docs' },
        }),
        NOW,
      ),
    ).toBeUndefined();
    expect(
      toAdoptionEvent(
        event({
          action: 'click',
          subject: 'GitHub',
          attributes: { to: 'https://github.com/x' },
        }),
        NOW,
      ),
    ).toBeUndefined();
  });

  it('records a template run by its template', () => {
    expect(
      toAdoptionEvent(
        event({
          action: 'create',
          subject: 'Task has been created',
          value: 30,
          context: {
            pluginId: 'scaffolder',
            extensionId: 'page:scaffolder',
            entityRef: 'template:default/golden-path',
          },
        }),
        NOW,
      ),
    ).toEqual({
      occurredAt: '2026-12-07T10:00:00.000Z',
      action: 'create',
      subject: 'template:default/golden-path',
      pluginId: 'scaffolder',
      extensionId: 'page:scaffolder',
      entityRef: 'template:default/golden-path',
    });
  });

  it("records a user's page without the user, so that a viewer of their own profile is not told apart", () => {
    const res = toAdoptionEvent(
      event({
        subject: '/catalog/default/user/alice/ownership?x=alice',
        attributes: { namespace: 'default', kind: 'user', name: 'alice' },
      }),
      NOW,
    );
    expect(res).toEqual({
      occurredAt: '2026-12-07T10:00:00.000Z',
      action: 'navigate',
      subject: '/catalog/:namespace/user/:name/ownership',
      pluginId: 'catalog',
      extensionId: 'page:catalog/entity',
      routePath: '/catalog/:namespace/:kind/:name/ownership',
    });
    expect(JSON.stringify(res)).not.toMatch(/alice|default/);
    // the app's own report of a full page load: no parameters, the path
    const load = toAdoptionEvent(
      event({ subject: '/catalog/default/User/alice', attributes: {} }),
      NOW,
    );
    expect(load).toMatchObject({
      subject: '/catalog/:namespace/user/:name',
      routePath: '/catalog/:namespace/:kind/:name',
    });
    expect(load).not.toHaveProperty('entityRef');
  });

  it('records no click on a link to a user', () => {
    expect(
      toAdoptionEvent(
        event({
          action: 'click',
          subject: 'Alice Example',
          attributes: { to: '/catalog/default/user/alice' },
        }),
        NOW,
      ),
    ).toBeUndefined();
  });

  it('records a run in the context of a user without the user', () => {
    expect(
      toAdoptionEvent(
        event({
          action: 'create',
          subject: 'Task has been created',
          context: {
            pluginId: 'scaffolder',
            extensionId: 'page:scaffolder',
            entityRef: 'user:default/alice',
          },
        }),
        NOW,
      ),
    ).toMatchObject({ subject: 'Task has been created', entityRef: undefined });
  });

  it.each(['signIn', 'discover', 'hover', 'retried'])(
    'records no %s event',
    action => {
      expect(toAdoptionEvent(event({ action, subject: 'x' }), NOW)).toBe(
        undefined,
      );
    },
  );

  it('cuts and cleans what it sends to the backend limits', () => {
    const res = toAdoptionEvent(
      event({ action: 'search', subject: `a\u0000b${'x'.repeat(600)}` }),
      NOW,
    );
    expect(res?.subject).toHaveLength(512);
    expect(res?.subject.slice(0, 4)).toBe('a bx');
  });
});

describe('routePattern', () => {
  it.each([
    [
      '/catalog/default/component/a',
      { namespace: 'default', kind: 'component', name: 'a' },
      '/catalog/:namespace/:kind/:name',
    ],
    // the same value twice: each parameter once, in order
    [
      '/catalog/default/group/default',
      { namespace: 'default', kind: 'group', name: 'default' },
      '/catalog/:namespace/:kind/:name',
    ],
    [
      '/docs/default/component/a/some%20page',
      { namespace: 'default', kind: 'component', name: 'a', page: 'some page' },
      '/docs/:namespace/:kind/:name/:page',
    ],
    ['/settings', {}, '/settings'],
    ['/', {}, '/'],
  ])('%s → %s', (path, params, pattern) => {
    expect(routePattern(path, params)).toBe(pattern);
  });
});

describe('userPage', () => {
  const user = (kind = 'user', name = 'alice', namespace = 'default') => ({
    namespace,
    kind,
    name,
  });
  it.each([
    [
      '/catalog/default/user/alice',
      user(),
      '/catalog/:namespace/user/:name',
      '/catalog/:namespace/:kind/:name',
    ],
    // a user named as another segment of the path, in another namespace
    [
      '/catalog/people/User/catalog',
      user('User', 'catalog', 'people'),
      '/catalog/:namespace/user/:name',
      '/catalog/:namespace/:kind/:name',
    ],
    // namespace and name alike
    [
      '/catalog/default/user/default',
      user('user', 'default'),
      '/catalog/:namespace/user/:name',
      '/catalog/:namespace/:kind/:name',
    ],
    // another plugin's page of an entity, with a parameter of its own
    [
      '/docs/default/user/alice/some%20page',
      { ...user(), page: 'some page' },
      '/docs/:namespace/user/:name/:page',
      '/docs/:namespace/:kind/:name/:page',
    ],
    // no parameters: a catalog page of a user, by its path
    [
      '/catalog/default/user/alice/ownership',
      {},
      '/catalog/:namespace/user/:name/ownership',
      '/catalog/:namespace/:kind/:name/ownership',
    ],
    // a route of another shape: every parameter left out
    [
      '/people/alice/user/alice',
      { kind: 'user', name: 'alice' },
      '/people/:name/:kind/:name',
      '/people/:name/:kind/:name',
    ],
  ])('%s → %s', (path, params, subject, routePath) => {
    expect(userPage(path, params)).toEqual({ subject, routePath });
  });

  it.each([
    ['/catalog/default/component/user', { kind: 'component' }],
    ['/catalog/default/group/users', {}],
    ['/settings', {}],
  ])('%s is no page of a user', (path, params) => {
    expect(userPage(path, params)).toBeUndefined();
  });
});

describe('clean', () => {
  it('never splits a character in two', () => {
    expect(clean('ab😀', 3)).toBe('ab');
    expect(clean('ab😀', 4)).toBe('ab😀');
    expect(clean('a\u0007\u0008b', 10)).toBe('a b');
  });
});
