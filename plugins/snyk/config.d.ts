export interface Config {
  snyk?: {
    /**
     * Snyk's web app, for links to projects and issues
     * (default https://app.snyk.io; https://app.eu.snyk.io for the EU
     * region).
     * @visibility frontend
     */
    appUrl?: string;
  };
}
