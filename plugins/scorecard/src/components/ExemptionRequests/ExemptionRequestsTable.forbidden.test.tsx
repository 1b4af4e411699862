import { screen } from '@testing-library/react';
import { renderExemptionRequestsTable } from './__testUtils__/renderExemptionRequestsTable';

/*
 * ExemptionRequestsTable for one who may not decide: a file of its own, as
 * usePermission keeps its answers for the test file.
 */

describe('ExemptionRequestsTable without scorecard.exemption.decide', () => {
  it('shows who may not decide the status, without Approve or Deny', async () => {
    const { rows, row } = await renderExemptionRequestsTable({
      canDecide: false,
    });
    expect(rows()).toEqual([
      'b:pending',
      'a:pending',
      'd:denied',
      'c:approved',
    ]);
    expect(screen.queryAllByRole('button')).toEqual([]);
    expect(row('a').getByText('pending')).toBeInTheDocument();
    expect(row('c').getByText(/by frank/)).toHaveTextContent(
      'approved by frank on 2026-10-02',
    );
  });
});
