import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { orderRequests } from './ExemptionRequestsTable';
import { exemptionRequest } from './__testUtils__/exemptionRequestsApi';
import {
  approved,
  denied,
  newer,
  older,
  renderExemptionRequestsTable,
} from './__testUtils__/renderExemptionRequestsTable';

// each test renders the test app and opens dialogs: seconds on a busy machine
jest.setTimeout(20_000);

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
    const { rows, row } = await renderExemptionRequestsTable();
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
    // Approve and Deny: who may decide (scorecard.exemption.decide)
    expect(
      (await row('a').findAllByRole('button')).map(b => b.textContent),
    ).toEqual(['Approve', 'Deny']);
  });

  it('approves, then shows the decision; shows what the backend refuses', async () => {
    const { mock, requests, rows, row } = await renderExemptionRequestsTable();
    mock.approveExemptionRequest.mockRejectedValueOnce(
      Object.assign(new Error('Request failed with 403 Forbidden'), {
        body: { error: { message: 'Not allowed: scorecard.exemption.decide' } },
      }),
    );
    fireEvent.click(await row('a').findByRole('button', { name: 'Approve' }));
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
    const { mock, row } = await renderExemptionRequestsTable();
    mock.denyExemptionRequest.mockResolvedValue(
      exemptionRequest({ id: 'b', status: 'denied' }),
    );
    fireEvent.click(await row('b').findByRole('button', { name: 'Deny' }));
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
