import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { parseSnykAnnotations } from '../../annotations';
import { snykApiRef } from '../../api';

/** The entity's Snyk report, or the problem with its annotations. */
export function useSnykReport() {
  const { entity } = useEntity();
  const snykApi = useApi(snykApiRef);
  const selection = useMemo(() => parseSnykAnnotations(entity), [entity]);
  const state = useAsync(async () => {
    if ('problem' in selection) return undefined;
    return snykApi.getReport(selection);
  }, [selection, snykApi]);
  return {
    problem: 'problem' in selection ? selection.problem : undefined,
    ...state,
  };
}
