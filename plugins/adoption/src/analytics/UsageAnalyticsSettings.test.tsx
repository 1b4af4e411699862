import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import {
  adoptionOptOutApiRef,
  type AdoptionOptOutApi,
} from './AdoptionOptOutApi';
import { UsageAnalyticsSettings } from './UsageAnalyticsSettings';

function optOutApi(initial: boolean): jest.Mocked<AdoptionOptOutApi> {
  return {
    getOptedOut: jest.fn(async () => initial),
    setOptedOut: jest.fn(async (v: boolean) => v),
    subscribe: jest.fn((_listener: (optedOut: boolean) => void) => () => {}),
  };
}

const render = (api: AdoptionOptOutApi, enabled?: boolean) =>
  renderInTestApp(<UsageAnalyticsSettings />, {
    apis: [[adoptionOptOutApiRef, api]],
    config:
      enabled === undefined
        ? undefined
        : { adoption: { analytics: { enabled } } },
  });

// the first render loads Material UI and the test app: slow on a busy machine
jest.setTimeout(30_000);

describe('UsageAnalyticsSettings', () => {
  it('shares usage until the user switches it off, which opts out', async () => {
    const api = optOutApi(false);
    await render(api);
    const toggle = await screen.findByRole('checkbox', {
      name: 'Share my usage with the platform team',
    });
    expect(toggle).toBeChecked();
    fireEvent.click(toggle);
    await waitFor(() => expect(toggle).not.toBeChecked());
    expect(api.setOptedOut).toHaveBeenCalledWith(true);
    expect(
      screen.getByText(
        'You opted out: nothing is recorded of you, and what was recorded before has been deleted.',
      ),
    ).toBeInTheDocument();
  });

  it('lets a user who opted out share again', async () => {
    const api = optOutApi(true);
    await render(api);
    const toggle = await screen.findByRole('checkbox', {
      name: 'Share my usage with the platform team',
    });
    expect(toggle).not.toBeChecked();
    fireEvent.click(toggle);
    await waitFor(() => expect(toggle).toBeChecked());
    expect(api.setOptedOut).toHaveBeenCalledWith(false);
  });

  it('says so when the choice cannot be saved', async () => {
    const api = optOutApi(false);
    api.setOptedOut.mockRejectedValue(new Error('Backend unavailable'));
    await render(api);
    fireEvent.click(
      await screen.findByRole('checkbox', {
        name: 'Share my usage with the platform team',
      }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Your choice could not be saved: Backend unavailable',
    );
    expect(
      screen.getByRole('checkbox', {
        name: 'Share my usage with the platform team',
      }),
    ).toBeChecked();
  });

  it('has no switch when the portal records nothing', async () => {
    const api = optOutApi(false);
    await render(api, false);
    expect(
      await screen.findByText(
        'Usage analytics are off for this portal: nothing is recorded.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
    expect(api.getOptedOut).not.toHaveBeenCalled();
  });
});
