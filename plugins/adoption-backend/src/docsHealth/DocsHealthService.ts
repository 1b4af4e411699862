import type {
  DocsHealthDay,
  DocsHealthRow,
  DocsHealthStatus,
} from '@internal/backstage-plugin-adoption-common';
import { DAY_MS } from '../service/time';
import { assessDocs } from './assess';
import type { DocsHealthEntry, DocsHealthStore } from './DocsHealthStore';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** a checked entity as the API shows it */
export function docsHealthRow(
  e: DocsHealthEntry,
  staleAfterDays: number,
): DocsHealthRow {
  const { docsBehindDays, buildOutdated } = assessDocs(e, staleAfterDays);
  return {
    entityRef: e.entityRef,
    title: e.title,
    owner: e.owner,
    repository: e.repository,
    lastBuiltAt: iso(e.lastBuiltAt),
    lastDocsCommitAt: iso(e.lastDocsCommitAt),
    lastCodeCommitAt: iso(e.lastCodeCommitAt),
    docsBehindDays,
    buildOutdated,
    status: e.status,
    error: e.error,
    checkedAt: e.checkedAt.toISOString(),
  };
}

/** Docs health's figures, from the last check of every entity with TechDocs. */
export class DocsHealthService {
  constructor(
    private readonly deps: {
      store: Pick<DocsHealthStore, 'list' | 'days'>;
      staleAfterDays: number;
      now?: () => Date;
    },
  ) {}

  /** the checked entities (of one status when given), by entity ref */
  async entities(status?: DocsHealthStatus): Promise<DocsHealthRow[]> {
    const entries = await this.deps.store.list(status);
    return entries.map(e => docsHealthRow(e, this.deps.staleAfterDays));
  }

  /** each day's counts, the last `days` days (today included), oldest first */
  async trend(days: number): Promise<DocsHealthDay[]> {
    const now = this.deps.now?.() ?? new Date();
    const since = new Date(now.getTime() - (days - 1) * DAY_MS);
    return this.deps.store.days(since.toISOString().slice(0, 10));
  }
}
