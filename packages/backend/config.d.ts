import { HumanDuration } from '@backstage/types';

/*
 * Configuration the backend package itself declares (package.json
 * "configSchema"): which values are secrets the logger redacts, and the
 * settings of this package's own middleware.
 */
export interface Config {
  backend?: {
    /**
     * What this process hosts (src/deployment/backendRole.ts): `all` (the
     * default) every plugin; `portal` every plugin but the adoption
     * plugin, which `discovery.endpoints` must route to the process that
     * has it; `adoption` the adoption plugin alone, with
     * `discovery.endpoints` routing `*` (every other plugin) to the
     * portal's backend. charts/backstage-values.yaml runs the two halves.
     */
    role?: 'all' | 'portal' | 'adoption';
    /** src/databaseGuard (README, "Database guard") */
    databaseGuard?: {
      /**
       * The watchdog: a `select 1` on a connection of its own, every
       * `probeInterval`. While it gets no answer within `probeTimeout`,
       * requests to /api/ answer 503 at once, requests already waiting are
       * released with 503 after `maxWait`, and readiness fails. PostgreSQL
       * only (`backend.database.client: pg`).
       */
      watchdog?: {
        /** Default true. */
        enabled?: boolean;
        /** Pause between two probes. Default 2 seconds. */
        probeInterval?: HumanDuration | string;
        /** How long a probe waits for the answer. Default 3 seconds. */
        probeTimeout?: HumanDuration | string;
        /**
         * How long a request waits for a database that does not answer
         * before it is released with 503 (counted from the later of the
         * request's arrival and the first unanswered probe). Default 10
         * seconds.
         */
        maxWait?: HumanDuration | string;
        /**
         * Whether /.backstage/health/v1/readiness answers 503 while the
         * database does not answer. Default true.
         */
        failReadiness?: boolean;
      };
    };
  };
  proxy?: {
    endpoints?: {
      /**
       * The Slack incoming webhook the golden-path template posts to
       * (app-config.yaml; SLACK_WEBHOOK_URL in production).
       */
      '/slack'?: {
        /**
         * The webhook URL. Its path is the webhook's secret, and the proxy
         * logs every endpoint's target ("[HPM] Proxy created: /slack ->
         * <target>" at info level): as a secret, the logger redacts it.
         * @visibility secret
         */
        target: string;
      };
    };
  };
}
