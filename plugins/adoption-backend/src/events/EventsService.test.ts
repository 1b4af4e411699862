import {
  isRecorded,
  normaliseSearchTerm,
  OCCURRED_AT_MAX_AGE_MS,
  toStoredEvent,
} from './EventsService';

const NOW = new Date('2026-12-07T12:00:00.000Z');

describe('toStoredEvent', () => {
  it('keeps a page view by its path and route pattern, no query string', () => {
    expect(
      toStoredEvent(
        {
          occurredAt: new Date('2026-12-07T11:59:00.000Z'),
          action: 'navigate',
          subject: '/catalog/default/component/a?tab=ci#top',
          pluginId: 'catalog',
          routePath: '/catalog/:namespace/:kind/:name?x=1',
          entityRef: 'component:default/a',
        },
        'hash',
        NOW,
      ),
    ).toEqual({
      occurred_at: new Date('2026-12-07T11:59:00.000Z'),
      user_hash: 'hash',
      action: 'navigate',
      subject: '/catalog/default/component/a',
      plugin_id: 'catalog',
      extension_id: null,
      route_path: '/catalog/:namespace/:kind/:name',
      entity_ref: 'component:default/a',
      search_result_count: null,
      target: null,
    });
  });

  it('leaves out whose page a user page is, whatever the client sent', () => {
    const row = toStoredEvent(
      {
        occurredAt: NOW,
        action: 'navigate',
        subject: '/catalog/default/user/alice/ownership?x',
        routePath: '/catalog/default/user/alice',
        entityRef: 'user:default/alice',
      },
      'hash',
      NOW,
    );
    expect([row.subject, row.route_path, row.entity_ref]).toEqual([
      '/catalog/:namespace/user/:name/ownership',
      '/catalog/:namespace/user/:name',
      null,
    ]);
    expect(
      toStoredEvent(
        {
          occurredAt: NOW,
          action: 'create',
          subject: 'go-microservice-template',
          entityRef: 'user:default/alice',
        },
        'hash',
        NOW,
      ).entity_ref,
    ).toBeNull();
  });

  it('finds the entity and route of a catalog page viewed without its route (a full page load)', () => {
    const row = toStoredEvent(
      {
        occurredAt: NOW,
        action: 'navigate',
        subject: '/catalog/default/component/order-service/ci?x',
      },
      'hash',
      NOW,
    );
    expect([row.route_path, row.entity_ref]).toEqual([
      '/catalog/:namespace/:kind/:name/ci',
      'component:default/order-service',
    ]);
  });

  it('records no click on a link to a user', () => {
    const click = {
      occurredAt: NOW,
      action: 'click' as const,
      subject: 'Alice Example',
    };
    expect(
      isRecorded({ ...click, target: '/catalog/default/user/alice?x' }),
    ).toBe(false);
    expect(isRecorded({ ...click, entityRef: 'user:default/alice' })).toBe(
      false,
    );
    expect(
      isRecorded({ ...click, target: '/catalog/default/component/a' }),
    ).toBe(true);
  });

  it('takes the path as the route pattern when none is given', () => {
    const row = toStoredEvent(
      { occurredAt: NOW, action: 'navigate', subject: '/settings?a' },
      'h',
      NOW,
    );
    expect([row.subject, row.route_path]).toEqual(['/settings', '/settings']);
  });

  it('normalises search terms and keeps other subjects as sent', () => {
    expect(
      toStoredEvent(
        {
          occurredAt: NOW,
          action: 'search',
          subject: ' Payment \t Gateway',
          searchResultCount: 0,
        },
        'h',
        NOW,
      ),
    ).toMatchObject({
      subject: 'payment gateway',
      route_path: null,
      search_result_count: 0,
    });
    expect(
      toStoredEvent(
        { occurredAt: NOW, action: 'click', subject: 'Order Service?' },
        'h',
        NOW,
      ).subject,
    ).toBe('Order Service?');
  });

  it('clamps the time to the last 24 hours', () => {
    const at = (ms: number) =>
      toStoredEvent(
        { occurredAt: new Date(ms), action: 'click', subject: 'x' },
        'h',
        NOW,
      ).occurred_at.toISOString();
    expect(at(NOW.getTime() + 60_000)).toBe('2026-12-07T12:00:00.000Z');
    expect(at(NOW.getTime() - 2 * OCCURRED_AT_MAX_AGE_MS)).toBe(
      '2026-12-06T12:00:00.000Z',
    );
    expect(at(NOW.getTime() - 1000)).toBe('2026-12-07T11:59:59.000Z');
  });
});

describe('normaliseSearchTerm', () => {
  it.each([
    ['Kafka', 'kafka'],
    ['  order   service ', 'order service'],
    ['ÉLAN', 'élan'],
  ])('%j → %j', (term, expected) => {
    expect(normaliseSearchTerm(term)).toBe(expected);
  });
});
