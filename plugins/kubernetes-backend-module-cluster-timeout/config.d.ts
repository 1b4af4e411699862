import { HumanDuration } from '@backstage/types';

export interface Config {
  kubernetes?: {
    /**
     * How long the Kubernetes tab waits for one cluster's answer before it
     * shows that cluster as failed (a FETCH_ERROR naming the timeout) and
     * shows the other clusters' resources. Default 10 seconds. Read by
     * @internal/backstage-plugin-kubernetes-backend-module-cluster-timeout.
     */
    clusterTimeout?: HumanDuration | string;
  };
}
