/*
 * Configuration the backend package itself declares (package.json
 * "configSchema"): here, which values are secrets the logger redacts.
 */
export interface Config {
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
