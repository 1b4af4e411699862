import { DocsPages } from './docsPages';

describe('DocsPages', () => {
  it.each([
    ['/docs/default/component/order-service/ops/runbook/', 'ops/runbook/'],
    ['/docs/default/component/order-service/ops/runbook', 'ops/runbook/'],
    [
      '/docs/default/Component/order-service/ops/runbook/index.html',
      'ops/runbook/',
    ],
    [
      '/docs/default/component/order-service/ops/runbook/#rollback',
      'ops/runbook/',
    ],
    [
      'https://portal.example.com/docs/default/component/order-service/ops/runbook/?x=1',
      'ops/runbook/',
    ],
    [
      'https://portal.example.com/portal/docs/default/component/order-service/',
      '',
    ],
    ['/docs/default/component/order-service', ''],
    ['docs/default/component/order-service/index.html', ''],
  ])('reads %s', (location, path) => {
    expect(DocsPages.parse(location)).toEqual({
      namespace: 'default',
      kind: 'component',
      name: 'order-service',
      path,
    });
  });

  it.each([
    '/catalog/default/component/order-service',
    '/docs/default/component',
    'order-service',
  ])('refuses %s, saying what a page is', location => {
    expect(() => DocsPages.parse(location)).toThrow(
      /is not a docs page: give \/docs\/<namespace>\/<kind>\/<name>\/<page path>/,
    );
  });

  it('links pages and sections on the portal', () => {
    const pages = new DocsPages('https://portal.example.com/');
    const page = DocsPages.parse(
      '/docs/default/component/order-service/ops/runbook',
    );
    expect(pages.url(page, '#rollback')).toBe(
      'https://portal.example.com/docs/default/component/order-service/ops/runbook/#rollback',
    );
  });
});
