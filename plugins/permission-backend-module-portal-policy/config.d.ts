export interface Config {
  permission?: {
    portalPolicy?: {
      /**
       * Groups whose members may do everything (register and delete
       * locations, delete Templates, create scorecard exemptions).
       * Default: group:default/platform-team.
       */
      platformGroups?: string[];
    };
  };
}
