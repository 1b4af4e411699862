import { ResponseError } from '@backstage/errors';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen, waitFor, within } from '@testing-library/react';
import { adoptionApiRef, type AdoptionApi } from '../../api/AdoptionApi';
import { scaffolderRouteRef } from '../../routes';
import { CoverageTab, coverageText } from './CoverageTab';
import {
  adoptionApi,
  API_BASE,
  cells,
  chartLabelIn,
  coverageOwner,
  coverageSummary,
  repository,
  tableIn,
  cardsLoaded,
} from './__testUtils__/adoptionApi';

async function render(api: AdoptionApi) {
  const rendered = renderInTestApp(<CoverageTab />, {
    mountedRoutes: {
      '/catalog/:namespace/:kind/:name': entityRouteRef,
      '/create': scaffolderRouteRef,
    },
    apis: [[adoptionApiRef, api]],
  });
  await cardsLoaded();
  return rendered;
}

// a tab renders several cards, each a table: slow on a loaded 2-core runner
jest.setTimeout(30_000);

describe('coverageText', () => {
  it('counts the active (not archived) repositories', () => {
    expect(coverageText(coverageSummary())).toBe(
      '12 of 15 active repositories are in the catalog (80%)',
    );
    expect(
      coverageText(
        coverageSummary({
          repositories: 1,
          covered: 0,
          uncovered: 1,
          archived: 0,
          ratio: 0,
        }),
      ),
    ).toBe('0 of 1 active repository is in the catalog (0%)');
  });
});

describe('CoverageTab', () => {
  it('shows the counts, the trend and the uncovered repositories each with "Onboard"', async () => {
    const statuses: unknown[] = [];
    await render(
      adoptionApi({
        getCoverage: async () => coverageSummary(),
        getCoverageRepositories: async query => {
          statuses.push(query);
          return [
            repository(),
            repository({
              name: 'scratch',
              fullName: 'myorg/scratch',
              url: 'https://github.com/myorg/scratch',
              owner: null,
              ownerRef: null,
              codeOwners: null,
              pushedAt: null,
            }),
          ];
        },
        getCoverageOwners: async () => [
          coverageOwner(),
          coverageOwner({
            owner: null,
            ownerRef: null,
            repositories: 2,
            covered: 0,
            uncovered: 2,
          }),
        ],
      }),
    );
    const summary = await screen.findByTestId('adoption-coverage-summary');
    expect(
      await within(summary).findByTestId('adoption-coverage-ratio'),
    ).toHaveTextContent(
      '12 of 15 active repositories are in the catalog (80%)',
    );
    expect(
      Array.from(summary.querySelectorAll('[data-status]')).map(
        e =>
          `${e.getAttribute('data-status')} ${
            e.querySelector('dd')?.textContent
          }`,
      ),
    ).toEqual(['covered 12', 'uncovered 3', 'archived 2']);
    expect(await chartLabelIn('adoption-coverage-summary')).toBe(
      'Catalog coverage from 2026-12-05 to 2026-12-07: covered 10 → 12, uncovered 5 → 3, archived 2 → 2',
    );
    expect(
      within(summary).getByRole('link', {
        name: 'Download CSV: Catalog coverage',
      }),
    ).toHaveAttribute(
      'href',
      `${API_BASE}/v1/coverage/repositories?format=csv`,
    );

    const uncovered = await tableIn('adoption-coverage-uncovered');
    expect(uncovered).toHaveAttribute('aria-label', 'uncovered repositories');
    expect(statuses).toEqual([{ status: 'uncovered' }]);
    expect(cells(uncovered)).toEqual([
      [
        // GitHub opens in a new window, which the link says
        'myorg/payment-service, Opens in a new window',
        '@myorg/payments-squad',
        '2026-11-20',
        'Onboard',
      ],
      ['myorg/scratch, Opens in a new window', 'none', 'never', 'Onboard'],
    ]);
    // the onboarding template, prefilled with the repository (and its owner)
    const onboard = within(uncovered).getByRole('button', {
      name: 'Onboard myorg/payment-service',
    });
    const href = new URL(onboard.getAttribute('href')!, 'http://portal');
    expect(href.pathname).toBe('/create/templates/default/onboard-repository');
    expect(JSON.parse(href.searchParams.get('formData')!)).toEqual({
      repoUrl: 'github.com?owner=myorg&repo=payment-service',
      owner: 'group:default/payments-squad',
    });
    expect(
      JSON.parse(
        new URL(
          within(uncovered)
            .getByRole('button', { name: 'Onboard myorg/scratch' })
            .getAttribute('href')!,
          'http://portal',
        ).searchParams.get('formData')!,
      ),
    ).toEqual({ repoUrl: 'github.com?owner=myorg&repo=scratch' });
    expect(
      within(screen.getByTestId('adoption-coverage-uncovered')).getByRole(
        'link',
        { name: 'Download CSV: Uncovered repositories' },
      ),
    ).toHaveAttribute(
      'href',
      `${API_BASE}/v1/coverage/repositories?status=uncovered&format=csv`,
    );

    const owners = await tableIn('adoption-coverage-owners');
    await waitFor(() =>
      expect(cells(owners)).toEqual([
        ['payments-squad', '4', '3', '1'],
        ['none', '2', '0', '2'],
      ]),
    );
    await cardsLoaded();
  });

  it('says when coverage was not computed yet', async () => {
    await render(adoptionApi());
    const summary = await screen.findByTestId('adoption-coverage-summary');
    expect(
      await within(summary).findByText(
        'Coverage of github.com/myorg was not computed yet.',
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('Every active repository is in the catalog.'),
    ).toBeInTheDocument();
    await cardsLoaded();
  });

  it('says when coverage is not configured (the backend answers 404 with why)', async () => {
    const notConfigured = async () => {
      throw await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: {
              name: 'NotFoundError',
              message:
                'Catalog coverage is not configured: set adoption.coverage.organization',
            },
            request: { method: 'GET', url: '/v1/coverage' },
            response: { statusCode: 404 },
          }),
          {
            status: 404,
            statusText: 'Not Found',
            headers: { 'content-type': 'application/json' },
          },
        ),
      );
    };
    await render(
      adoptionApi({
        getCoverage: notConfigured,
        getCoverageRepositories: notConfigured,
        getCoverageOwners: notConfigured,
      }),
    );
    expect(
      screen.getAllByTestId('adoption-not-available').map(e => e.textContent),
    ).toEqual(
      Array(3).fill(
        'Catalog coverage is not configured: set adoption.coverage.organization',
      ),
    );
  });
});
