export interface Config {
  costInsights?: {
    /** AWS Cost Explorer, where the costs are read (GetCostAndUsage). */
    aws?: {
      /**
       * The region requests are signed for; Cost Explorer has one endpoint,
       * in us-east-1 (the default).
       */
      region?: string;
      /**
       * Cost Explorer's URL: the sandbox's stand-in in development
       * (http://127.0.0.1:7222); in production AWS's,
       * https://ce.us-east-1.amazonaws.com (the default).
       */
      endpoint?: string;
      /**
       * The AWS account whose bill is read (the payer account, or the one
       * Cost Explorer is enabled in). Its credentials come from `aws.accounts`
       * (@backstage/integration-aws-node): a role to assume in production,
       * the sandbox's keys in development. Absent: the main account's
       * credentials (`aws.mainAccount`, else the default provider chain).
       */
      accountId?: string;
      /** Attempts per Cost Explorer call (the SDK retries throttling); default 3. */
      maxAttempts?: number;
    };
    /** The activated cost-allocation tag keys. */
    tagKeys?: {
      /** The tag naming the owning team (a catalog Group's name); default `team`. */
      team?: string;
      /**
       * The tag naming the service (a catalog Component), and the key of
       * an entity without a `myorg.com/cost-tag` annotation (then valued
       * with the entity's name); default `service`.
       */
      service?: string;
    };
    /**
     * Which Cost Explorer metric is "cost"; default UnblendedCost.
     */
    metric?:
      | 'UnblendedCost'
      | 'AmortizedCost'
      | 'BlendedCost'
      | 'NetUnblendedCost'
      | 'NetAmortizedCost';
    /** Cost Explorer answers are kept briefly: each request costs USD 0.01. */
    cache?: {
      /** How long an answer is kept, in seconds; default 3600, 0 disables. */
      ttlSeconds?: number;
      /** How many answers are kept at most; default 500. */
      maxEntries?: number;
    };
    /**
     * The products of the Cost Insights page (also read by
     * @backstage/plugin-cost-insights): each `name` is an AWS service as
     * Cost Explorer names it (the SERVICE dimension), e.g.
     * "Amazon Relational Database Service".
     */
    products?: {
      [kind: string]: {
        /**
         * @visibility frontend
         */
        name: string;
      };
    };
  };
}
