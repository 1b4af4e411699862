import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** The scorecard plugin (plugins/scorecard-backend). */
  scorecard?: {
    /**
     * Kinds of entities that are scored. Default: Component, System, API,
     * Resource.
     */
    entityKinds?: string[];

    /**
     * The checks, each an instance of a check type. Built-in types:
     * entity-field, annotation, prometheus-slo-rule, workflow-step,
     * image-signature, helm-resources, kubernetes-pdb (see the plugin README).
     */
    checks?: Array<{
      /** stable id: lowercase letters, digits and hyphens */
      id: string;
      /** the check type that judges it */
      type: string;
      title: string;
      /**
       * Ownership, On-Call, Documentation, Reliability, Observability,
       * Security or Production readiness
       */
      dimension: string;
      description?: string;
      /** a link explaining how to make the check pass */
      howToFix?: string;
      /** entities the check applies to; omitted lists do not filter */
      filter?: { kind?: string[]; type?: string[]; lifecycle?: string[] };
      /** parameters of the check type */
      params?: { [key: string]: unknown };
    }>;

    /**
     * Levels, lowest first. An entity reaches a level when every check of
     * that level and of the levels below passes (or is exempt, or does not
     * apply). Default: Bronze, Silver, Gold (see the README).
     */
    levels?: Array<{ name: string; checks: string[] }>;

    /** Full evaluation of every scored entity. Default: every hour. */
    schedule?: SchedulerServiceTaskScheduleDefinitionConfig;

    /**
     * Entities whose catalog etag changed since their last evaluation are
     * re-evaluated this often. Default: every 30 seconds.
     */
    changeDetection?: SchedulerServiceTaskScheduleDefinitionConfig;

    evidence?: {
      /** Time budget of one entity's evaluation, in milliseconds. Default 15000. */
      timeoutMs?: number;
      /** Largest repository file read, in bytes. Default 1048576. */
      maxFileBytes?: number;

      /** Cosign signatures in OCI registries (the `cosign-registry` source). */
      cosign?: {
        /** annotation naming an entity's container image. Default myorg.com/container-image */
        imageAnnotation?: string;
        registries?: Array<{
          /** registry host as written in image references */
          host: string;
          /** where to call its API; default https://<host> */
          baseUrl?: string;
          /**
           * bearer token
           * @visibility secret
           */
          token?: string;
          username?: string;
          /** @visibility secret */
          password?: string;
          /**
           * the certificate authority of a registry whose certificate the
           * system's CAs do not verify: its PEM in base64, as a Kubernetes
           * cluster's caData
           */
          caData?: string;
        }>;
      };
    };
  };
}
