import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Adoption insights (plugins/adoption-backend) */
  adoption?: {
    /** Usage: how users are kept apart without being named. */
    pseudonymisation?: {
      /**
       * The key of the users' pseudonymous ids (HMAC-SHA256 of the user's
       * entity ref): 32 or more characters, no whitespace. Required: the
       * plugin does not start without it. Changing it starts everyone
       * anew (last week's users no longer match this week's).
       * @visibility secret
       */
      secret: string;
    };
    /** How long analytics events (and template health's copies of the scaffolder's tasks) are kept. */
    retention?: {
      /**
       * Days an analytics event, and a copied scaffolder task (by its
       * creation), is kept: a whole number, 1 or more. Default 90.
       */
      days?: number;
      /** When the task that deletes older events runs. Default hourly. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    /**
     * Catalog coverage: the GitHub organisation's repositories against the
     * catalog entities whose source they are. Off when not set.
     */
    coverage?: {
      /** The GitHub organisation, e.g. myorg. */
      organization: string;
      /**
       * Its GitHub host, as `integrations.github` names it (whose
       * credentials read the repositories: the GitHub App in production).
       * Default github.com.
       */
      host?: string;
      /**
       * When the coverage is recomputed (one replica at a time; `POST
       * /v1/coverage/refresh` runs it now). Default every 6 hours.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    /** Template health: the scaffolder's tasks, copied on a schedule. */
    templateHealth?: {
      /** When the copy runs (one replica at a time). Default hourly. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * How far back the first copy reads the scaffolder's tasks, in days:
       * a whole number, 1 or more. Default 365. Never further back than
       * `adoption.retention.days`, after which copied tasks are deleted.
       */
      lookbackDays?: number;
    };
    /** Docs health: every entity with TechDocs, checked on a schedule. */
    docsHealth?: {
      /** When the check runs (one replica at a time). Default every 6 hours. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * Docs count as stale when the last commit under the entity's own
       * folder (its source location) is more than this many days newer
       * than the docs' last commit: a whole number, 0 or more. Default 0
       * (any newer commit).
       */
      staleAfterDays?: number;
    };
  };
}
