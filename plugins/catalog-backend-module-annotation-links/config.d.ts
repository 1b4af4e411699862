export interface Config {
  catalog?: {
    /**
     * Links added to entities that carry an annotation, shown in the Links
     * card of the entity page.
     */
    annotationLinks?: Array<{
      /** The annotation, e.g. pagerduty.com/service-id */
      annotation: string;
      /** The link's title */
      title: string;
      /**
       * http(s) URL; {value} is the annotation's value (URL-encoded, slashes
       * kept), {1}, {2}... the groups of `match`.
       */
      url: string;
      /** An icon known to the app: dashboard, docs, github, warning, ... */
      icon?: string;
      /** Regular expression the value must match for the link to be added. */
      match?: string;
    }>;
  };
}
