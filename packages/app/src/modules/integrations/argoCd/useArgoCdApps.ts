import type { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  ARGOCD_ANNOTATION_APP_NAME,
  ARGOCD_ANNOTATION_APP_NAMESPACE,
  ARGOCD_ANNOTATION_APP_SELECTOR,
  ARGOCD_ANNOTATION_PROXY_URL,
  argoCDApiRef,
} from './roadieRefs';
import useAsync from 'react-use/esm/useAsync';

/** One Argo CD application's state, as the status card shows it. */
export type ArgoCdAppStatus = {
  name: string;
  instance?: string;
  sync: string;
  health: string;
  /** when the last sync operation finished */
  syncedAt?: string;
};

/**
 * The entity's Argo CD applications on every instance that has them, the way
 * Roadie's cards find them (argocd/app-name or argocd/app-selector, searched
 * on the instances of `argocd.appLocatorMethods`).
 */
export function useArgoCdApps(entity: Entity) {
  const api = useApi(argoCDApiRef);
  const annotations = entity.metadata.annotations ?? {};
  const appName = annotations[ARGOCD_ANNOTATION_APP_NAME];
  const appSelector = annotations[ARGOCD_ANNOTATION_APP_SELECTOR];
  const appNamespace = annotations[ARGOCD_ANNOTATION_APP_NAMESPACE];
  const url = annotations[ARGOCD_ANNOTATION_PROXY_URL] ?? '/argocd/api';

  return useAsync(async (): Promise<ArgoCdAppStatus[]> => {
    const instances = await api.serviceLocatorUrl({
      appName,
      appSelector,
      appNamespace,
    });
    if (instances instanceof Error) throw instances;
    const apps = await Promise.all(
      instances.map(async ({ name: instance }) => {
        if (appName) {
          return [
            await api.getAppDetails({ url, appName, appNamespace, instance }),
          ];
        }
        const list = await api.getAppListDetails({
          url,
          appSelector: appSelector ?? '',
          appNamespace,
          instance,
        });
        return list.items ?? [];
      }),
    );
    return apps.flat().map((app, index) => ({
      name: app.metadata?.name ?? appName ?? `application ${index + 1}`,
      instance: app.metadata?.instance?.name ?? instances[index]?.name,
      sync: app.status?.sync?.status ?? 'Unknown',
      health: app.status?.health?.status ?? 'Unknown',
      syncedAt: app.status?.operationState?.finishedAt,
    }));
  }, [api, appName, appSelector, appNamespace, url]);
}
