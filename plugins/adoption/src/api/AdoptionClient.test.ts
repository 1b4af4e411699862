import { ResponseError } from '@backstage/errors';
import { AdoptionClient } from './AdoptionClient';
import { adoptionTables, exportFilename, queryString } from './tables';

const BASE = 'http://localhost:7007/api/adoption';

/** a client whose fetch answers `answer` and records the URLs asked */
function client(answer: () => Response) {
  const urls: string[] = [];
  const api = new AdoptionClient({
    discoveryApi: {
      getBaseUrl: async (id: string) => `http://localhost:7007/api/${id}`,
    },
    fetchApi: {
      fetch: async (input: any) => {
        urls.push(String(input));
        return answer();
      },
    },
  });
  return { api, urls };
}

const json = (body: unknown, status = 200, statusText = 'OK') =>
  new Response(JSON.stringify(body), {
    status,
    statusText,
    headers: { 'content-type': 'application/json' },
  });

describe('AdoptionClient', () => {
  it('reads a table from its route with the query, answering its items', async () => {
    const rows = [{ weekStart: '2026-11-30', activeUsers: 3, events: 40 }];
    const { api, urls } = client(() => json({ items: rows }));
    await expect(api.getWeeklyActiveUsers({ weeks: 8 })).resolves.toEqual(rows);
    await api.getMostViewedEntities({ days: 7, kind: undefined, limit: 5 });
    await api.getCoverageRepositories({ status: 'uncovered' });
    await api.getTemplateHealth();
    expect(urls).toEqual([
      `${BASE}/v1/usage/weekly-active-users?weeks=8`,
      `${BASE}/v1/usage/entities/most-viewed?days=7&limit=5`,
      `${BASE}/v1/coverage/repositories?status=uncovered`,
      `${BASE}/v1/template-health`,
    ]);
  });

  it('reads the coverage summary as it is (not a table)', async () => {
    const summary = { repositories: 2, covered: 1, trend: [] };
    const { api, urls } = client(() => json(summary));
    await expect(api.getCoverage()).resolves.toEqual(summary);
    expect(urls).toEqual([`${BASE}/v1/coverage`]);
  });

  it('throws a ResponseError with the backend message on an error', async () => {
    const { api } = client(() =>
      json(
        {
          error: {
            name: 'NotAllowedError',
            message: 'Not allowed: adoption.read',
          },
          request: { method: 'GET', url: '/v1/usage/views/plugins' },
          response: { statusCode: 403 },
        },
        403,
        'Forbidden',
      ),
    );
    const error = await api.getPluginViews().catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
    expect(error.message).toBe('Request failed with 403 Forbidden');
    expect(error.cause.message).toBe('Not allowed: adoption.read');
  });

  it('points the CSV export at the same route with ?format=csv, JSON at the route itself', async () => {
    const { api } = client(() => json({}));
    const table = adoptionTables.pageViews({ days: 30, pluginId: 'catalog' });
    await expect(api.exportUrl(table, 'csv')).resolves.toBe(
      `${BASE}/v1/usage/views/pages?days=30&pluginId=catalog&format=csv`,
    );
    await expect(api.exportUrl(table, 'json')).resolves.toBe(
      `${BASE}/v1/usage/views/pages?days=30&pluginId=catalog`,
    );
  });

  it('downloads an export with the name the backend gives it, else one of the route', async () => {
    const csv = 'pluginId,views,users\r\ncatalog,3,1';
    const { api, urls } = client(
      () =>
        new Response(csv, {
          headers: {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': 'attachment; filename="plugin-views.csv"',
          },
        }),
    );
    const download = await api.downloadExport(
      adoptionTables.pluginViews(),
      'csv',
    );
    expect(urls).toEqual([`${BASE}/v1/usage/views/plugins?format=csv`]);
    expect(download.filename).toBe('plugin-views.csv');
    expect(await download.blob.text()).toBe(csv);

    const { api: jsonApi } = client(() => json({ items: [] }));
    expect(
      (await jsonApi.downloadExport(adoptionTables.pluginViews(), 'json'))
        .filename,
    ).toBe('usage-views-plugins.json');
  });
});

describe('queryString and exportFilename', () => {
  it('leaves out undefined values and names files after the route', () => {
    expect(queryString({ a: 1, b: undefined, c: 'x y' })).toBe('?a=1&c=x+y');
    expect(queryString({})).toBe('');
    expect(exportFilename(adoptionTables.docsHealth(), 'csv')).toBe(
      'docs-health.csv',
    );
    expect(exportFilename(adoptionTables.weeklyActiveUsers(), 'json')).toBe(
      'usage-weekly-active-users.json',
    );
  });
});
