/**
 * The limits of the scorecard API's input, which the backend's router
 * enforces (a 400 naming the field beyond them) and clients can respect
 * before sending.
 *
 * @public
 */
export const SCORECARD_INPUT_LIMITS = {
  /** an entity reference (`owner`, `entityRef`, `entityRefs[]`) */
  entityRefLength: 512,
  /** a check id, a dimension or a level name (filters and exemptions) */
  nameLength: 64,
  /** an entity's kind, namespace or name in a path */
  pathSegmentLength: 253,
  /** an exemption's reason, trimmed */
  reasonLength: { min: 3, max: 2000 },
  /** `limit` of a page of entities */
  pageLimit: { min: 1, max: 1000, default: 100 },
  /** entities evaluated by one request */
  evaluateEntityRefs: 100,
  /** results of one `POST /v1/results` */
  pushedResults: 100,
  /** a pushed result's message (its evidence) */
  messageLength: 2000,
  /** a campaign's title */
  titleLength: 200,
  /** a campaign's description */
  descriptionLength: 4000,
  /** values of one campaign scope field, and checks of one campaign */
  listLength: 100,
} as const;
