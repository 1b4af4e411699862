import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Suspense } from 'react';
import { scorecardApiRef, type ScorecardApi } from '../../api/ScorecardApi';
import {
  ExemptionRequestsTable,
  orderRequests,
} from './ExemptionRequestsTable';
import {
  exemptionRequest,
  exemptionRequestsApi,
} from './__testUtils__/exemptionRequestsApi';

const older = exemptionRequest({
  id: 'a',
  requestedAt: '2026-11-01T00:00:00.000Z',
});
const newer = exemptionRequest({
  id: 'b',
  checkId: 'pdb-configured',
  requestedBy: 'user:default/carol',
  requestedAt: '2026-11-20T00:00:00.000Z',
});
const approved = exemptionRequest({
  id: 'c',
  status: 'approved',
  requestedAt: '2026-10-01T00:00:00.000Z',
  decidedBy: 'user:default/frank',
  decidedAt: '2026-10-02T00:00:00.000Z',
});
const denied = exemptionRequest({
  id: 'd',
  status: 'denied',
  requestedAt: '2026-11-25T00:00:00.000Z',
  decidedBy: 'user:default/frank',
  decidedAt: '2026-11-26T00:00:00.000Z',
  decisionReason: 'add the limits: it is one line',
});

async function render() {
  const requests = [older, newer, approved, denied].map(r => ({ ...r }));
  const mock = exemptionRequestsApi(requests);
  const api = {
    ...mock,
    getConfiguration: async () => ({
      checks: [
        {
          id: 'resource-limits',
          title: 'Resource requests/limits set',
          dimension: 'reliability',
          description: '',
          filter: {},
        },
      ],
      levels: [],
    }),
  } as unknown as ScorecardApi;
  await renderInTestApp(
    <Suspense fallback="loading">
      <ExemptionRequestsTable />
    </Suspense>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      apis: [[scorecardApiRef, api]],
    },
  );
  const table = await screen.findByTestId('exemption-requests-table');
  const rows = () =>
    Array.from(table.querySelectorAll('tr[data-request]')).map(
      tr =>
        `${tr.getAttribute('data-request')}:${tr.getAttribute('data-status')}`,
    );
  const row = (id: string) =>
    within(table.querySelector(`tr[data-request="${id}"]`) as HTMLElement);
  return { mock, requests, rows, row };
}

describe('orderRequests', () => {
  it('puts the pending first, newest first in each part, each once', () => {
    expect(
      orderRequests([older, newer], [denied, newer, older, approved]).map(
        r => r.id,
      ),
    ).toEqual(['b', 'a', 'd', 'c']);
  });
});

describe('ExemptionRequestsTable', () => {
  it('lists the pending requests first, then the decisions with who, when and why', async () => {
    const { rows, row } = await render();
    expect(rows()).toEqual([
      'b:pending',
      'a:pending',
      'd:denied',
      'c:approved',
    ]);
    expect(
      row('a').getByText('Resource requests/limits set'),
    ).toBeInTheDocument();
    expect(row('b').getByText('pdb-configured')).toBeInTheDocument();
    expect(row('b').getByText('carol on 2026-11-20')).toBeInTheDocument();
    expect(row('d').getByText('denied')).toBeInTheDocument();
    expect(
      row('d').getByText('add the limits: it is one line'),
    ).toBeInTheDocument();
    expect(row('d').getByText(/by frank/)).toHaveTextContent(
      'denied by frank on 2026-11-26',
    );
    expect(row('d').queryByRole('button')).toBeNull();
    expect(
      row('a')
        .getAllByRole('button')
        .map(b => b.textContent),
    ).toEqual(['Approve', 'Deny']);
  });

  it('approves, then shows the decision; shows what the backend refuses', async () => {
    const { mock, requests, rows, row } = await render();
    mock.approveExemptionRequest.mockRejectedValueOnce(
      Object.assign(new Error('Request failed with 403 Forbidden'), {
        body: { error: { message: 'Not allowed: scorecard.exemption.decide' } },
      }),
    );
    fireEvent.click(row('a').getByRole('button', { name: 'Approve' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Not allowed: scorecard.exemption.decide',
    );

    mock.approveExemptionRequest.mockImplementationOnce(async id => {
      const r = requests.find(x => x.id === id)!;
      Object.assign(r, {
        status: 'approved',
        decidedBy: 'user:default/frank',
        decidedAt: '2026-12-07T00:00:00.000Z',
      });
      return r;
    });
    fireEvent.click(row('a').getByRole('button', { name: 'Approve' }));
    await waitFor(() =>
      expect(rows()).toEqual([
        'b:pending',
        'd:denied',
        'a:approved',
        'c:approved',
      ]),
    );
    expect(mock.approveExemptionRequest).toHaveBeenLastCalledWith('a');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('asks why before denying', async () => {
    const { mock, row } = await render();
    mock.denyExemptionRequest.mockResolvedValue(
      exemptionRequest({ id: 'b', status: 'denied' }),
    );
    fireEvent.click(row('b').getByRole('button', { name: 'Deny' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Deny' }));
    expect(
      within(dialog).getByText('Give a reason of at least 3 characters'),
    ).toBeInTheDocument();
    expect(mock.denyExemptionRequest).not.toHaveBeenCalled();

    fireEvent.change(within(dialog).getByLabelText(/Why is it denied/), {
      target: { value: ' the PDB takes five minutes ' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Deny' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(mock.denyExemptionRequest).toHaveBeenCalledWith(
      'b',
      'the PDB takes five minutes',
    );
  });
});
