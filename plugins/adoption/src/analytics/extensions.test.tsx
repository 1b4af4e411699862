import {
  PageBlueprint,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  useAnalytics,
} from '@backstage/frontend-plugin-api';
import { mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { adoptionPlugin } from '../plugin';

/*
 * The plugin's usage extensions in an app with the user settings plugin:
 * the "Usage analytics" tab of Settings, and the analytics implementation
 * attached to the app's analytics API.
 */

jest.setTimeout(30_000);

function backend(initiallyOptedOut: boolean) {
  let optedOut = initiallyOptedOut;
  const posted: unknown[] = [];
  const fetch = jest.fn(async (url: string, init?: RequestInit) => {
    if (url.endsWith('/v1/opt-out')) {
      if (init?.method === 'PUT') {
        optedOut = JSON.parse(String(init.body)).optedOut;
      }
      return new Response(JSON.stringify({ optedOut }));
    }
    if (url.endsWith('/v1/events')) {
      posted.push(...JSON.parse(String(init?.body)).events);
      return new Response('{"stored":1}', { status: 202 });
    }
    return new Response('{}', { status: 404 });
  });
  return { fetch, posted };
}

const apis = (fetch: jest.Mock) =>
  [
    [fetchApiRef, { fetch }],
    [discoveryApiRef, mockApis.discovery({ baseUrl: 'http://localhost:7007' })],
  ] as const;

describe('usage extensions', () => {
  it('add a Usage analytics tab to Settings', async () => {
    const { fetch } = backend(false);
    renderTestApp({
      features: [userSettingsPlugin, adoptionPlugin],
      initialRouteEntries: ['/settings/usage-analytics'],
      apis: apis(fetch),
    });
    // lazily loaded pages: give a busy machine time
    const slow = { timeout: 15_000 };
    expect(
      await screen.findByRole('tab', { name: 'Usage analytics' }, slow),
    ).toBeInTheDocument();
    const toggle = await screen.findByRole(
      'checkbox',
      { name: 'Share my usage with the platform team' },
      slow,
    );
    expect(toggle).toBeChecked();
    fireEvent.click(toggle);
    await waitFor(() => expect(toggle).not.toBeChecked());
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost:7007/api/adoption/v1/opt-out',
      expect.objectContaining({
        method: 'PUT',
        body: JSON.stringify({ optedOut: true }),
      }),
    );
  });

  it("receive the app's analytics events and post them", async () => {
    const { fetch, posted } = backend(false);
    function Searcher() {
      const analytics = useAnalytics();
      return (
        <button
          onClick={() =>
            analytics.captureEvent('search', 'Kafka', { value: 0 })
          }
        >
          search
        </button>
      );
    }
    renderTestApp({
      features: [adoptionPlugin],
      extensions: [
        PageBlueprint.make({
          name: 'searcher',
          params: {
            path: '/search-here',
            routeRef: createRouteRef(),
            loader: async () => <Searcher />,
          },
        }),
      ],
      apis: apis(fetch),
      initialRouteEntries: ['/search-here?q=secret'],
    });
    fireEvent.click(
      await screen.findByRole(
        'button',
        { name: 'search' },
        { timeout: 15_000 },
      ),
    );
    // the page is hidden: what is waiting goes now
    window.dispatchEvent(new Event('pagehide'));
    await waitFor(() => expect(posted).toHaveLength(2));
    expect(posted).toEqual([
      {
        occurredAt: expect.any(String),
        action: 'navigate',
        subject: '/search-here',
        routePath: '/search-here',
        pluginId: 'test',
        extensionId: 'page:test/searcher',
      },
      {
        occurredAt: expect.any(String),
        action: 'search',
        subject: 'Kafka',
        searchResultCount: 0,
        pluginId: 'test',
        extensionId: 'page:test/searcher',
      },
    ]);
  });
});
