import { refuseBody, refuseRequest } from './requestGuard';

const TASK = '0b6ac5a8-4a4b-4a3f-9f58-1d2c3e4f5a6b';

describe('refuseRequest', () => {
  it.each([
    '/api/catalog/entities/by-name/component/default/order-service',
    '/api/catalog/entities/by-query?filter=kind=component&limit=20',
    '/api/catalog/entities/by-query?fullTextFilterTerm=%C3%A9t%C3%A9%20%F0%9F%9A%80',
    `/api/scaffolder/v2/tasks/${TASK}`,
    `/api/scaffolder/v2/tasks/${TASK}/eventstream?after=3`,
    '/api/scaffolder/v2/tasks?createdBy=user:default/alice',
    '/api/catalog/locations/by-entity/component/default/order-service',
    `/api/catalog/locations/${TASK.toUpperCase()}`,
    '/api/scorecard/v1/entities?limit=2147483647&offset=0',
    // not decodable: left to the routes, which refuse it
    '/api/catalog/entities/by-name/component/default/%E0%A4%A',
  ])('lets %s through', url => {
    expect(refuseRequest(url)).toBeUndefined();
  });

  it.each([
    ['/api/catalog/entities/by-name/component/default/a%00b', 'request path'],
    ['/api/catalog/entities/by-query?fullTextFilterTerm=a%00b', 'fullText'],
    ['/api/catalog/entities?filter=metadata.name%3Da%1Bb', 'filter'],
    ['/api/scorecard/v1/report?groupBy=owner%0D%0AX-Injected:1', 'groupBy'],
    ['/api/catalog/entities/by-query?limit=99999999999999999999', 'limit'],
    ['/api/catalog/entities?offset=2147483648', 'offset'],
  ])('refuses %s with a 400 naming %s', (url, named) => {
    const error = refuseRequest(url);
    expect(error?.name).toBe('InputError');
    expect(error?.message).toContain(named);
  });

  it.each([
    ['/api/scaffolder/v2/tasks/..%2F..%2Fetc', 'task'],
    ['/api/scaffolder/v2/tasks/1%20OR%201%3D1/events', 'task'],
    ['/api/catalog/locations/not-a-uuid', 'location'],
  ])('answers %s with a 404: no %s can have that id', (url, what) => {
    const error = refuseRequest(url);
    expect(error?.name).toBe('NotFoundError');
    expect(error?.message).toContain(`${what} ids are UUIDs`);
  });
});

describe('refuseBody', () => {
  const TASKS = '/api/scaffolder/v2/tasks';
  const BY_REFS = '/api/catalog/entities/by-refs';

  it('lets sound bodies through', () => {
    expect(
      refuseBody(TASKS, {
        templateRef: 'template:default/go-microservice-template',
        values: { name: 'x', nested: { a: [1, { b: 2 }] } },
      }),
    ).toBeUndefined();
    expect(
      refuseBody(TASKS, { templateRef: 'go-microservice-template' }),
    ).toBeUndefined();
    expect(
      refuseBody(BY_REFS, { entityRefs: ['component:default/order-service'] }),
    ).toBeUndefined();
    // not ours to judge: the plugin refuses wrong types itself
    expect(refuseBody(TASKS, { templateRef: 5 })).toBeUndefined();
  });

  it.each([
    [
      BY_REFS,
      { entityRefs: ['component:default/a', 'component:default/\u0000'] },
      'entityRefs[1]',
    ],
    [TASKS, { templateRef: '' }, 'templateRef ""'],
    [TASKS, { templateRef: '/etc/passwd' }, 'not an entity reference'],
    [
      TASKS,
      { templateRef: 'x', values: JSON.parse('{"constructor":{}}') },
      'values.constructor',
    ],
    [
      TASKS,
      { templateRef: 'x', values: JSON.parse('{"__proto__":{"a":1}}') },
      'values.__proto__',
    ],
  ])('refuses a body to %s: %j', (path, body, named) => {
    const error = refuseBody(path, body);
    expect(error?.name).toBe('InputError');
    expect(error?.message).toContain(named);
  });

  it('refuses values nested deeper than 100 levels, without recursing', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 50_000; i++) deep = [deep];
    expect(
      refuseBody(TASKS, { templateRef: 'x', values: { deep } })?.message,
    ).toBe('values nest deeper than 100 levels');
    let fine: unknown = 'leaf';
    for (let i = 0; i < 99; i++) fine = [fine];
    expect(
      refuseBody(TASKS, { templateRef: 'x', values: fine }),
    ).toBeUndefined();
  });
});
