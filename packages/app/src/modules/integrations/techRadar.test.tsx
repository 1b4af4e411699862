/**
 * The backend's URL reader runs in this test's process: resolve packages
 * with Node's export conditions, not jsdom's `browser` ones (whose build of
 * @azure/identity, which the URL reader loads, throws on construction).
 *
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import techRadarBackend from '@backstage-community/plugin-tech-radar-backend';
import { techRadarApiRef as upstreamApiRef } from '@backstage-community/plugin-tech-radar';
import { mockApis } from '@backstage/frontend-test-utils';
import { screen, waitFor } from '@testing-library/react';
import { targetPaths } from '@backstage/cli-common';
import fs from 'node:fs';
import path from 'node:path';
import { GitHubStandIn } from 'sandbox';
import { techRadarApiRef, techRadarPage, techRadarPlugin } from './techRadar';
import { renderEntityExtension, startBackend } from './__testUtils__/portal';

/*
 * The tech radar page: the radar of this repository (catalog/tech-radar.json)
 * read by the tech-radar backend from the portal's repository through the
 * GitHub integration (techRadar.url as in app-config.yaml), against the
 * GitHub stand-in.
 */

jest.setTimeout(60_000);

describe('Tech radar page', () => {
  let github: GitHubStandIn;
  let backend: Awaited<ReturnType<typeof startBackend>>;

  beforeAll(async () => {
    github = await GitHubStandIn.start();
    github.addUser({ login: 'bot', name: 'Bot', email: 'bot@x.test' });
    github.addOrg('myorg', ['bot']);
    github.addPersonalToken('bot-token', 'bot');
    github.addRepo('myorg', 'developer-portal', {
      files: {
        'catalog/tech-radar.json': fs.readFileSync(
          path.join(targetPaths.rootDir, 'catalog/tech-radar.json'),
          'utf8',
        ),
      },
    });
    backend = await startBackend({
      features: [techRadarBackend],
      config: {
        integrations: {
          github: [
            {
              host: 'github.com',
              apiBaseUrl: github.apiBaseUrl,
              token: 'bot-token',
            },
          ],
        },
        techRadar: {
          url: 'https://github.com/myorg/developer-portal/blob/main/catalog/tech-radar.json',
        },
      },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await github?.close();
  });

  // jsdom does not lay out SVG; the radar measures its labels
  beforeAll(() => {
    Object.assign(SVGElement.prototype, {
      getBBox: () => ({ x: 0, y: 0, width: 40, height: 12 }),
    });
  });

  const render = (errorApi = mockApis.error({ collect: true })) => {
    renderEntityExtension(techRadarPage, {
      entity: { apiVersion: 'v1', kind: 'x', metadata: { name: 'x' } },
      backendUrl: backend.url,
      features: [techRadarPlugin],
      apis: [errorApi],
    });
    return errorApi;
  };

  it("draws the repository's radar: quadrants, rings and entries", async () => {
    render();
    expect(
      await screen.findByText(
        'Languages & Frameworks',
        {},
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    for (const text of [
      'Infrastructure',
      'ADOPT',
      'HOLD',
      'Argo CD',
      'Jenkins',
    ]) {
      expect(screen.getAllByText(text).length).toBeGreaterThan(0);
    }
  });

  it('reports the error when the radar cannot be read', async () => {
    github.failNext('GET', /tech-radar\.json/, 500, undefined, 5);
    const errorApi = render();
    // the app shows what is posted to the error API as an alert
    await waitFor(() => expect(errorApi.getErrors()).toHaveLength(1));
    expect(errorApi.getErrors()[0].error.message).toBe(
      'Request failed with 502 Bad Gateway',
    );
    // and no made-up radar (the plugin's own client would show its sample)
    expect(screen.queryByText('Languages & Frameworks')).toBeNull();
  });

  it("provides the API where the radar page looks: the package's own API id", () => {
    expect(techRadarApiRef.id).toBe(upstreamApiRef.id);
  });
});
