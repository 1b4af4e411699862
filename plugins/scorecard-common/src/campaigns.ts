/**
 * Campaigns: a set of checks every entity in a scope should pass by a
 * target date (`scorecard.campaigns` in app-config.yaml, or created through
 * the API by the platform team).
 */

/** Which entities a campaign is about; omitted fields do not filter. @public */
export type ScorecardCampaignScope = {
  /** owner group refs (`group:default/payments`) */
  owner?: string[];
  /** system refs (`system:default/order-management-system`) */
  system?: string[];
  kind?: string[];
  type?: string[];
  lifecycle?: string[];
  /** an entity matches when it has any of these tags */
  tag?: string[];
};

/** @public */
export type ScorecardCampaignDefinition = {
  /** lowercase letters, digits and hyphens */
  id: string;
  title: string;
  description: string;
  /** check ids an entity must pass (or be exempt from) to be done */
  checks: string[];
  scope: ScorecardCampaignScope;
  /** ISO 8601 date (YYYY-MM-DD) */
  startDate: string;
  /** ISO 8601 date (YYYY-MM-DD): due at the end of that day, UTC */
  targetDate: string;
  /** owners of entities not yet done are reminded this many days before */
  reminderDays: number;
};

/**
 * What `POST /api/scorecard/v1/campaigns` takes (and, without `id`,
 * `PUT /api/scorecard/v1/campaigns/:id`, which replaces the definition):
 * an omitted description is empty, an omitted scope is every scored entity,
 * `reminderDays` defaults to 14.
 *
 * @public
 */
export type ScorecardCampaignInput = Omit<
  ScorecardCampaignDefinition,
  'description' | 'scope' | 'reminderDays'
> & {
  description?: string;
  scope?: ScorecardCampaignScope;
  reminderDays?: number;
};

/** Where a campaign is defined: config is reviewed in Git and read-only here. @public */
export type ScorecardCampaignSource = 'config' | 'api';

/** @public */
export type ScorecardCampaignStatus = 'planned' | 'active' | 'archived';

/**
 * done/total of a set of entities: an entity takes part when at least one of
 * the campaign's checks applies to it, and is done when each of those passes
 * or is exempt.
 *
 * @public
 */
export type ScorecardCampaignProgress = {
  entities: number;
  done: number;
};

/**
 * One point of the burn-down: entities not yet done at that time (a point
 * after each full evaluation that changed a team's figures, and one when
 * the campaign is archived).
 *
 * @public
 */
export type ScorecardCampaignBurndownPoint = {
  timestamp: string;
  entities: number;
  remaining: number;
};

/** `GET /api/scorecard/v1/campaigns` @public */
export type ScorecardCampaignSummary = ScorecardCampaignDefinition & {
  source: ScorecardCampaignSource;
  status: ScorecardCampaignStatus;
  progress: ScorecardCampaignProgress;
  /** set once archived (after the target date); the figures are then frozen */
  archivedAt?: string;
};

/** An entity of a campaign. @public */
export type ScorecardCampaignEntity = {
  entityRef: string;
  owner: string | null;
  done: boolean;
  /** the campaign's checks this entity has yet to pass */
  remaining: string[];
};

/** A team's progress in a campaign. @public */
export type ScorecardCampaignTeam = ScorecardCampaignProgress & {
  /** the owner's entity ref, `none` for entities without an owner */
  owner: string;
};

/** `GET /api/scorecard/v1/campaigns/:id` @public */
export type ScorecardCampaignDetail = ScorecardCampaignSummary & {
  teams: ScorecardCampaignTeam[];
  entities: ScorecardCampaignEntity[];
  burndown: ScorecardCampaignBurndownPoint[];
};

/**
 * The planned and active campaigns an entity is in, for its card
 * (`GET /api/scorecard/v1/entities/:kind/:namespace/:name/campaigns`):
 * "Q1 security: due 2027-03-31, 2 of 3 done".
 *
 * @public
 */
export type ScorecardEntityCampaign = {
  id: string;
  title: string;
  targetDate: string;
  status: ScorecardCampaignStatus;
  /** the campaign's checks that apply to the entity */
  checks: number;
  /** of those, passed or exempt */
  passed: number;
  done: boolean;
};
