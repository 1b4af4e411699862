import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { scorecardApiRef, type ScorecardApi } from '../../api/ScorecardApi';
import {
  CheckExemptionRequest,
  usePendingExemptionRequests,
} from './CheckExemptionRequest';
import {
  exemptionRequest,
  exemptionRequestsApi,
} from './__testUtils__/exemptionRequestsApi';

const ENTITY = 'component:default/order-service';
const check = {
  id: 'resource-limits',
  title: 'Resource requests/limits set',
  status: 'failed' as const,
  exempt: false,
};

/** the check as the Scorecard tab shows it, with the entity's requests */
function Check() {
  const { byCheck, add } = usePendingExemptionRequests(ENTITY);
  return (
    <CheckExemptionRequest
      entityRef={ENTITY}
      check={check}
      pending={byCheck.get(check.id)}
      onRequested={add}
    />
  );
}

const isoDay = (days: number) =>
  new Date(Date.now() + days * 24 * 3600 * 1000).toISOString().slice(0, 10);

describe('CheckExemptionRequest', () => {
  it('checks the form before sending, shows what the backend refuses, then the pending request', async () => {
    const api = exemptionRequestsApi();
    api.requestExemption
      .mockRejectedValueOnce(
        Object.assign(new Error('Request failed with 403 Forbidden'), {
          body: {
            error: {
              message:
                'Only the owner of component:default/order-service (group:default/order-squad) or the platform team may request an exemption for it',
            },
          },
        }),
      )
      .mockResolvedValueOnce(
        exemptionRequest({ requestedBy: 'user:default/carol' }),
      );
    await renderInTestApp(<Check />, {
      apis: [[scorecardApiRef, api as unknown as ScorecardApi]],
    });

    fireEvent.click(await screen.findByTestId('exemption-request-button'));
    expect(
      screen.getByText(
        'Request an exemption from “Resource requests/limits set”',
      ),
    ).toBeInTheDocument();

    // nothing is sent while the form is wrong
    fireEvent.click(screen.getByRole('button', { name: 'Send request' }));
    expect(
      screen.getByText('Give a reason of at least 3 characters'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Choose the date the exemption ends'),
    ).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText(/Exempt until/), {
      target: { value: isoDay(400) },
    });
    expect(
      screen.getByText(
        'Choose a date within a year: exemptions are reviewed, not permanent',
      ),
    ).toBeInTheDocument();
    expect(api.requestExemption).not.toHaveBeenCalled();

    fireEvent.change(screen.getByLabelText(/Reason/), {
      target: { value: '  limits come with the new chart  ' },
    });
    const until = isoDay(30);
    fireEvent.change(screen.getByLabelText(/Exempt until/), {
      target: { value: until },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Send request' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Only the owner of component:default/order-service (group:default/order-squad) or the platform team may request an exemption for it',
    );
    expect(api.requestExemption).toHaveBeenCalledWith({
      entityRef: ENTITY,
      checkId: 'resource-limits',
      reason: 'limits come with the new chart',
      expiresAt: until,
    });

    fireEvent.click(screen.getByRole('button', { name: 'Send request' }));
    expect(
      await screen.findByTestId('exemption-request-pending'),
    ).toHaveTextContent('Exemption requested by carol, pending');
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(screen.queryByTestId('exemption-request-button')).toBeNull();
    expect(api.requestExemption).toHaveBeenCalledTimes(2);
    // typing into the form is slow on a loaded 2-core runner
  }, 30_000);

  it('shows nothing for a passed or exempt check', async () => {
    const api = exemptionRequestsApi();
    await renderInTestApp(
      <>
        <CheckExemptionRequest
          entityRef={ENTITY}
          check={{ ...check, status: 'passed' }}
          onRequested={jest.fn()}
        />
        <CheckExemptionRequest
          entityRef={ENTITY}
          check={{ ...check, exempt: true }}
          onRequested={jest.fn()}
        />
        <CheckExemptionRequest
          entityRef={ENTITY}
          check={{ ...check, status: 'unknown' }}
          onRequested={jest.fn()}
        />
      </>,
      { apis: [[scorecardApiRef, api as unknown as ScorecardApi]] },
    );
    // only the unknown check offers it
    expect(
      await screen.findAllByTestId('exemption-request-button'),
    ).toHaveLength(1);
  });
});
