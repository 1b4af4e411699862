import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import type { HumanDuration } from '@backstage/types';

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
     * image-signature, helm-resources, kubernetes-pdb, and pushed-metric,
     * pushed-boolean, which judge results CI pushes to
     * `POST /api/scorecard/v1/results` (see the plugin README).
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
      /**
       * parameters of the check type. pushed-metric: `operator` (>=, >,
       * <=, <) and `threshold` (a number), `label` (default: the check's
       * id), `unit` ("%"), `maxAge`; pushed-boolean: `maxAge`. `maxAge`
       * is a duration such as `{ days: 7 }`: an older result is unknown
       * (default: a result never expires).
       */
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

    /**
     * An entity's scorecard (`GET /v1/entities/{kind}/{namespace}/{name}`)
     * kept in the portal's cache (`backend.cache`: Redis in production,
     * shared by the replicas), invalidated by every write of the plugin
     * that changes it (see the README, "Cache").
     */
    cache?: {
      /**
       * false: every answer is computed from the database. Default true.
       * Turn it off when several replicas run without a shared cache.
       */
      enabled?: boolean;
      /**
       * The longest an answer is kept (a change made while the cache did not
       * answer is seen after at most this). Default 10 minutes.
       */
      ttl?: HumanDuration | string;
    };

    /**
     * Notifications to an entity's owning group, through the portal's
     * notifications (topic `scorecard`): a check that regressed (passed →
     * failed), a level lost, a campaign's target date near.
     */
    notifications?: {
      /** false: none are decided, recorded nor sent. Default true. */
      enabled?: boolean;
    };

    /**
     * Campaigns: checks every entity of a scope should pass by a target
     * date, reviewed in Git (the platform team also creates campaigns
     * through the API). Progress by team and entity, a burn-down, and
     * reminders to the owners of entities not yet done. A mistake (an
     * unknown check, a target date before the start) stops the backend.
     */
    campaigns?: Array<{
      /** stable id: lowercase letters, digits and hyphens */
      id: string;
      title: string;
      description?: string;
      /** ids of `scorecard.checks` an entity must pass or be exempt from */
      checks: string[];
      /**
       * Which entities: each field given must match (any of its values);
       * omitted fields do not filter.
       */
      scope?: {
        /** owner refs (group:default/payments) */
        owner?: string[];
        /** system refs (system:default/payments) */
        system?: string[];
        kind?: string[];
        /** spec.type */
        type?: string[];
        /** spec.lifecycle */
        lifecycle?: string[];
        /** entities with any of these tags */
        tag?: string[];
      };
      /** YYYY-MM-DD (quoted in YAML) */
      startDate: string;
      /** YYYY-MM-DD, due at the end of that day (UTC); not before startDate */
      targetDate: string;
      /**
       * Owners of entities not yet done are notified this many days before
       * the target date. Default 14.
       */
      reminderDays?: number;
    }>;

    /**
     * The campaigns' task: archives campaigns past their target date and
     * sends the reminders. Default: daily.
     */
    campaignSchedule?: SchedulerServiceTaskScheduleDefinitionConfig;

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
