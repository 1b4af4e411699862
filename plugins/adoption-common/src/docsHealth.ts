/**
 * Docs health: per entity with TechDocs (`backstage.io/techdocs-ref`), the
 * last build and whether the docs are older than the code they describe
 * (the last commit to `docs/` or `mkdocs.yml` against the repository's last
 * commit). Checked on a schedule by the adoption backend.
 *
 * Routes under /api/adoption (all need `adoption.read`; `?format=csv`
 * answers the same rows as CSV):
 * - `GET /v1/docs-health?status=stale` → `{ items: DocsHealthRow[] }`
 * - `GET /v1/docs-health/trend?days=90` → `{ items: DocsHealthDay[] }`
 */

/** The docs health routes, under /api/adoption. @public */
export const ADOPTION_DOCS_HEALTH_PATHS = {
  /** `?status=` (one of docsHealthStatuses) */
  entities: '/v1/docs-health',
  /** `?days=` (default 90, at most 3660) */
  trend: '/v1/docs-health/trend',
} as const;

/** Every status, in the order the page lists them. @public */
export const docsHealthStatuses = [
  'fresh',
  'stale',
  'not-built',
  'unknown',
] as const;

/**
 * - `fresh`: docs committed at or after the code, and built since
 * - `stale`: the code changed after the docs' last commit (`docsBehindDays`)
 * - `not-built`: no build yet, or (docs not behind) built before the docs'
 *   last commit
 * - `unknown`: the repository could not be read, or no commit touches the
 *   docs (see `error`)
 *
 * @public
 */
export type DocsHealthStatus = (typeof docsHealthStatuses)[number];

/**
 * One entity: one flat row, as in the CSV export. Times are ISO strings.
 *
 * @public
 */
export type DocsHealthRow = {
  /** `kind:namespace/name` */
  entityRef: string;
  /** metadata.title, else metadata.name */
  title: string;
  /** spec.owner as an entity ref, null when none */
  owner: string | null;
  /** `owner/name` on GitHub, null when not a GitHub repository */
  repository: string | null;
  /** the TechDocs build or publish time (`build_timestamp`), null when never built */
  lastBuiltAt: string | null;
  /** the last commit touching `docs/` or `mkdocs.yml` */
  lastDocsCommitAt: string | null;
  /** the repository's last commit (default branch) */
  lastCodeCommitAt: string | null;
  /** whole days the docs' last commit is older than the code's; 0 when not older, null when unknown */
  docsBehindDays: number | null;
  /** built before the docs' last commit (or never built) */
  buildOutdated: boolean;
  status: DocsHealthStatus;
  /** why the status is `unknown`, else null */
  error: string | null;
  /** when this row was checked */
  checkedAt: string;
};

/**
 * The counts of one day's check (the last check of each UTC day), for
 * the trend chart, oldest first.
 *
 * @public
 */
export type DocsHealthDay = {
  /** `YYYY-MM-DD` */
  day: string;
  entities: number;
  fresh: number;
  stale: number;
  notBuilt: number;
  unknown: number;
};

/** The CSV columns of each table, in order. @public */
export const docsHealthColumns: (keyof DocsHealthRow)[] = [
  'entityRef',
  'title',
  'owner',
  'repository',
  'status',
  'lastBuiltAt',
  'lastDocsCommitAt',
  'lastCodeCommitAt',
  'docsBehindDays',
  'buildOutdated',
  'error',
  'checkedAt',
];

/** @public */
export const docsHealthDayColumns: (keyof DocsHealthDay)[] = [
  'day',
  'entities',
  'fresh',
  'stale',
  'notBuilt',
  'unknown',
];
