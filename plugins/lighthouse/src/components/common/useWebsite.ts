import { readWebsiteUrl } from '@internal/backstage-plugin-lighthouse-common';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useEffect, useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { lighthouseApiRef } from '../../api';

const POLL_MS = 5000;

/**
 * The entity's website (lighthouse.com/website-url), its audits and whether
 * the audit service audits it; polls while an audit runs.
 */
export function useWebsite() {
  const { entity } = useEntity();
  const api = useApi(lighthouseApiRef);
  const read = useMemo(() => readWebsiteUrl(entity), [entity]);
  const url = 'url' in read ? read.url : undefined;
  const state = useAsyncRetry(async () => {
    if (!url) return undefined;
    const [policy, website] = await Promise.all([
      api.checkUrl(url),
      api.getWebsite(url),
    ]);
    return { policy, website };
  }, [api, url]);
  const running = state.value?.website?.lastAudit.status === 'RUNNING';
  const { retry } = state;
  useEffect(() => {
    if (!running) return undefined;
    const timer = setTimeout(retry, POLL_MS);
    return () => clearTimeout(timer);
  }, [running, retry, state.value]);
  return {
    problem: 'problem' in read ? read.problem : undefined,
    url,
    ...state,
  };
}
