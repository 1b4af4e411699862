export interface Config {
  catalog?: {
    entityChecks?: {
      /**
       * Fail processing of entities whose spec.owner is not in the catalog.
       * Default true.
       */
      ownerMustExist?: boolean;
      /**
       * How long an owner may be missing before that is an error, in
       * seconds: teams and what they own are ingested in parallel, so an
       * owner can arrive a moment later. The entity is shown meanwhile; the
       * error appears on the first processing after this time. Default 60.
       */
      ownerGraceSeconds?: number;
      /**
       * Largest entity (JSON, placeholders resolved) the catalog accepts, in
       * bytes. Default 1048576 (1 MiB).
       */
      maxEntitySizeBytes?: number;
    };
  };
}
