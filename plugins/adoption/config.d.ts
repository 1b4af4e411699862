export interface Config {
  /** Adoption insights (plugins/adoption) */
  adoption?: {
    analytics?: {
      /**
       * Whether the portal records page views, searches and clicks for the
       * Portal adoption page. Default true.
       * @visibility frontend
       */
      enabled?: boolean;
    };
  };
}
