export interface Config {
  lighthouse?: {
    /**
     * The audit service the backend's scheduler sends audits to
     * (@backstage-community/plugin-lighthouse-backend).
     */
    baseUrl: string;
    /**
     * The proxy endpoint in front of the audit service that the card and
     * tab read (default `/lighthouse`, see `proxy.endpoints`).
     * @visibility frontend
     */
    proxyPath?: string;
    /**
     * When the backend audits every Component with
     * `lighthouse.com/website-url` (a SchedulerServiceTaskScheduleDefinition:
     * frequency, timeout, initialDelay).
     */
    schedule?: {
      frequency: { [unit: string]: number } | string;
      timeout?: { [unit: string]: number } | string;
      initialDelay?: { [unit: string]: number } | string;
    };
  };
}
