import { parseGithubUrl } from './github';

/**
 * Catalog coverage: the repositories of the GitHub organisation against the
 * catalog entities whose source they are.
 *
 * Routes under /api/adoption (all need `adoption.read`; the tables answer
 * CSV with `?format=csv`):
 * - `GET /v1/coverage` → {@link CoverageSummary}
 * - `GET /v1/coverage/repositories?status=uncovered` → `{ items: CoverageRepository[] }`
 * - `GET /v1/coverage/owners` → `{ items: CoverageOwner[] }`
 * - `POST /v1/coverage/refresh` (also `adoption.refresh`) → 202
 *   {@link CoverageRefreshResponse}: the scheduled computation runs now
 */

/** The coverage routes, under /api/adoption. @public */
export const ADOPTION_COVERAGE_PATHS = {
  summary: '/v1/coverage',
  /** `?status=covered|uncovered|archived&format=csv` */
  repositories: '/v1/coverage/repositories',
  /** `?format=csv` */
  owners: '/v1/coverage/owners',
  refresh: '/v1/coverage/refresh',
} as const;

/**
 * A repository's coverage: `covered` when at least one catalog entity names
 * it as its source, `uncovered` when none does, `archived` when GitHub says
 * the repository is archived (whether an entity names it or not: an archived
 * repository is counted neither as covered nor as uncovered).
 *
 * @public
 */
export type CoverageStatus = (typeof coverageStatuses)[number];

/** Every coverage status, in the order the page shows them. @public */
export const coverageStatuses = ['covered', 'uncovered', 'archived'] as const;

/**
 * One repository of the organisation (a row of
 * `GET /v1/coverage/repositories`, flat so that it exports as CSV).
 *
 * @public
 */
export type CoverageRepository = {
  /** the repository's name, e.g. `payment-service` */
  name: string;
  /** `owner/name` on GitHub, e.g. `myorg/payment-service` */
  fullName: string;
  /** the repository's web URL, e.g. `https://github.com/myorg/payment-service` */
  url: string;
  status: CoverageStatus;
  /**
   * the first owner of the `*` rule of the repository's CODEOWNERS
   * (`.github/CODEOWNERS`, `CODEOWNERS`, `docs/CODEOWNERS`, the first found),
   * as written there, e.g. `@myorg/payments-squad`; null when there is no
   * CODEOWNERS or no `*` rule naming an owner
   */
  owner: string | null;
  /**
   * the catalog entity ref `owner` stands for: `@org/team` is
   * `group:default/team`, `@login` is `user:default/login`; null for an
   * e-mail address or no owner
   */
  ownerRef: string | null;
  /** every owner of the `*` rule, space-separated, as written; null when none */
  codeOwners: string | null;
  /** the catalog entities whose source is the repository, space-separated, sorted; empty when none */
  entityRefs: string;
  /** how many entities `entityRefs` lists */
  entities: number;
  /** when the repository was last pushed to (ISO 8601), null when never */
  pushedAt: string | null;
};

/** The columns of the repositories' CSV, in order. @public */
export const coverageRepositoryColumns: (keyof CoverageRepository)[] = [
  'fullName',
  'name',
  'url',
  'status',
  'owner',
  'ownerRef',
  'codeOwners',
  'entityRefs',
  'entities',
  'pushedAt',
];

/**
 * The repositories of one owner (the `owner` of the rows; `owner: null`
 * gathers the repositories whose CODEOWNERS names none). A row of
 * `GET /v1/coverage/owners`.
 *
 * @public
 */
export type CoverageOwner = {
  owner: string | null;
  ownerRef: string | null;
  repositories: number;
  covered: number;
  uncovered: number;
  archived: number;
};

/** The columns of the owners' CSV, in order. @public */
export const coverageOwnerColumns: (keyof CoverageOwner)[] = [
  'owner',
  'ownerRef',
  'repositories',
  'covered',
  'uncovered',
  'archived',
];

/** The figures of one computation (a snapshot). @public */
export type CoverageCounts = {
  /** every repository of the organisation */
  repositories: number;
  covered: number;
  uncovered: number;
  archived: number;
};

/** One point of the trend: a snapshot's figures. @public */
export type CoverageTrendPoint = CoverageCounts & {
  /** when the snapshot was computed (ISO 8601) */
  at: string;
};

/**
 * `GET /v1/coverage`: the latest computation and the trend.
 *
 * @public
 */
export type CoverageSummary = CoverageCounts & {
  /** the GitHub organisation read (`adoption.coverage.organization`) */
  organization: string;
  /** its GitHub host (`adoption.coverage.host`, `github.com` by default) */
  host: string;
  /**
   * when these figures were computed (ISO 8601); null before the first
   * computation (every count is then 0)
   */
  computedAt: string | null;
  /**
   * covered / (repositories - archived), from 0 to 1; null when there is
   * no repository that is not archived
   */
  ratio: number | null;
  /** the repositories per owner, most repositories first (the CSV is `/v1/coverage/owners`) */
  byOwner: CoverageOwner[];
  /** the last snapshot of each UTC day, 90 days at most, oldest first (the latest computation included) */
  trend: CoverageTrendPoint[];
};

/**
 * `POST /v1/coverage/refresh` (202): the scheduled computation was asked to
 * run now, on whichever replica holds the task's lock; it is not awaited.
 * Poll `GET /v1/coverage` until its `computedAt` is later than this one.
 *
 * @public
 */
export type CoverageRefreshResponse = {
  /** false when a computation was running already (that one answers the request) */
  triggered: boolean;
  /** the latest computation when the refresh was asked for (ISO 8601); null before the first */
  computedAt: string | null;
};

/**
 * The template that onboards an existing repository ("Onboard an existing
 * repository", `templates/onboard-repository`): it drafts the
 * repository's `catalog-info.yaml` and opens a pull request with it.
 *
 * @public
 */
export const onboardingTemplate = {
  namespace: 'default',
  name: 'onboard-repository',
} as const;

/**
 * The form values the onboarding template takes: `repoUrl` in the
 * scaffolder's `RepoUrlPicker` form (`github.com?owner=myorg&repo=name`:
 * the host and organisation of the coverage, `adoption.coverage`, which
 * the template does not hard-code) and, when known, the owner's entity ref.
 *
 * @public
 */
export type OnboardingFormData = {
  repoUrl: string;
  owner?: string;
};

/**
 * The onboarding template's form values for a repository (its web URL,
 * `https://<host>/<owner>/<repo>`); throws on anything else.
 *
 * @public
 */
export function onboardingFormData(repository: {
  url: string;
  ownerRef?: string | null;
}): OnboardingFormData {
  const parsed = /[?#]/.test(repository.url)
    ? undefined
    : parseGithubUrl(repository.url);
  if (!parsed || parsed.kind || parsed.path) {
    throw new Error(`Not a repository URL: ${repository.url}`);
  }
  const { host, owner, repo } = parsed;
  const repoUrl = `${host}?${new URLSearchParams({ owner, repo })}`;
  return repository.ownerRef
    ? { repoUrl, owner: repository.ownerRef }
    : { repoUrl };
}

/**
 * The path of the onboarding template's form with the repository (and its
 * owner, when known) filled in: the scaffolder reads `formData` from the
 * query string. For the "Onboard" button of an uncovered repository, e.g.
 * `onboardingTemplatePath(row)` →
 * `/create/templates/default/onboard-repository?formData=%7B%22repoUrl%22...`.
 * `createPath` is where the scaffolder is mounted (`/create`).
 *
 * @public
 */
export function onboardingTemplatePath(
  repository: { url: string; ownerRef?: string | null },
  createPath: string = '/create',
): string {
  const formData = JSON.stringify(onboardingFormData(repository));
  return `${createPath}/templates/${onboardingTemplate.namespace}/${
    onboardingTemplate.name
  }?${new URLSearchParams({ formData })}`;
}
