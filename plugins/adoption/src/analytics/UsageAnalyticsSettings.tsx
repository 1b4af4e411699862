import { Content, InfoCard, Progress } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { analyticsEnabled } from './AdoptionAnalytics';
import { adoptionOptOutApiRef } from './AdoptionOptOutApi';

/**
 * Settings → Usage analytics: what the portal records and the switch to
 * opt out (which also deletes what was recorded).
 */
export function UsageAnalyticsSettings() {
  const configApi = useApi(configApiRef);
  const optOutApi = useApi(adoptionOptOutApiRef);
  const enabled = analyticsEnabled(configApi);
  const initial = useAsync(
    async () => (enabled ? optOutApi.getOptedOut() : true),
    [optOutApi, enabled],
  );
  const [optedOut, setOptedOut] = useState<boolean>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<Error>();
  const current = optedOut ?? initial.value;

  const onChange = async (share: boolean) => {
    setSaving(true);
    setError(undefined);
    try {
      setOptedOut(await optOutApi.setOptedOut(!share));
    } catch (e) {
      setError(e as Error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <InfoCard title="Usage analytics">
      <Typography variant="body2" paragraph>
        The portal records which pages you view, what you search for, the entity
        links you follow and the templates you run, so that the platform team
        can see what is used and what is missing. You are recorded under a
        pseudonym (a keyed hash), never by name, and records are deleted after a
        fixed period.
      </Typography>
      {!enabled && (
        <Typography variant="body2">
          Usage analytics are off for this portal: nothing is recorded.
        </Typography>
      )}
      {enabled && initial.loading && <Progress />}
      {enabled && initial.error && (
        <Typography variant="body2" color="error" role="alert">
          Your choice could not be read: {initial.error.message}
        </Typography>
      )}
      {enabled && current !== undefined && (
        <FormControlLabel
          control={
            <Switch
              color="primary"
              checked={!current}
              disabled={saving}
              onChange={(_, checked) => void onChange(checked)}
            />
          }
          label="Share my usage with the platform team"
        />
      )}
      {enabled && current === true && (
        <Typography variant="body2" color="textSecondary">
          You opted out: nothing is recorded of you, and what was recorded
          before has been deleted.
        </Typography>
      )}
      {error && (
        <Typography variant="body2" color="error" role="alert">
          Your choice could not be saved: {error.message}
        </Typography>
      )}
    </InfoCard>
  );
}

/** The Settings tab: the opt-out in the page's content area. */
export function UsageAnalyticsSettingsPage() {
  return (
    <Content>
      <UsageAnalyticsSettings />
    </Content>
  );
}
