import type { UrlReaderService } from '@backstage/backend-plugin-api';
import { getEntitySourceLocation, type Entity } from '@backstage/catalog-model';
import type {
  CheckContext,
  CheckOutcome,
  RepositoryFile,
  ScorecardEvidenceSource,
} from '@internal/backstage-plugin-scorecard-node';
import type { ScorecardSettings } from '../config/readScorecardConfig';
import type { RawCheckResult } from './scoring';

const isPromise = (v: unknown): v is Promise<CheckOutcome> =>
  typeof (v as Promise<unknown> | undefined)?.then === 'function';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * What checks may read for one entity: created per entity and evaluation,
 * lazily, so annotation-only checks cost no timer and no I/O.
 */
class EntityCheckContext implements CheckContext {
  private controller?: AbortController;
  private timer?: NodeJS.Timeout;
  private files?: Promise<RepositoryFile[]>;

  constructor(
    private readonly entity: Entity,
    private readonly deps: {
      urlReader: UrlReaderService;
      evidenceSources: Map<string, ScorecardEvidenceSource>;
      timeoutMs: number;
      maxFileBytes: number;
    },
  ) {}

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      this.timer = setTimeout(
        () => this.controller!.abort(new Error('timed out')),
        this.deps.timeoutMs,
      );
    }
    return this.controller.signal;
  }

  dispose() {
    if (this.timer) clearTimeout(this.timer);
  }

  repositoryYamlFiles(): Promise<RepositoryFile[]> {
    this.files ??= this.readRepository();
    return this.files;
  }

  private async readRepository(): Promise<RepositoryFile[]> {
    let location: { type: string; target: string };
    try {
      location = getEntitySourceLocation(this.entity);
    } catch {
      throw new Error(
        'no backstage.io/source-location annotation: the repository is not known',
      );
    }
    if (location.type !== 'url') {
      throw new Error(
        `source location ${location.type}:${location.target} is not a URL`,
      );
    }
    const { maxFileBytes } = this.deps;
    try {
      const tree = await this.deps.urlReader.readTree(location.target, {
        filter: (path, info) =>
          /\.ya?ml$/i.test(path) && (info?.size ?? 0) <= maxFileBytes,
        signal: this.signal,
      });
      const files = await tree.files();
      return Promise.all(
        files.map(async f => ({
          path: f.path,
          content: (await f.content()).toString('utf8'),
        })),
      );
    } catch (e) {
      throw new Error(
        `repository ${location.target} could not be read (${message(e)})`,
      );
    }
  }

  evidenceSource(id: string): ScorecardEvidenceSource {
    const source = this.deps.evidenceSources.get(id);
    if (!source) throw new Error(`no evidence source "${id}" is installed`);
    return source;
  }
}

/** Runs the applicable configured checks against one entity. */
export class EntityEvaluator {
  constructor(
    private readonly settings: ScorecardSettings,
    private readonly deps: {
      urlReader: UrlReaderService;
      evidenceSources: Map<string, ScorecardEvidenceSource>;
    },
  ) {}

  /** whether entities of this kind are scored at all */
  isScored(entity: Entity): boolean {
    const kind = entity.kind.toLocaleLowerCase('en-US');
    return this.settings.entityKinds.some(
      k => k.toLocaleLowerCase('en-US') === kind,
    );
  }

  async evaluate(entity: Entity): Promise<RawCheckResult[]> {
    const context = new EntityCheckContext(entity, {
      ...this.deps,
      timeoutMs: this.settings.timeoutMs,
      maxFileBytes: this.settings.maxFileBytes,
    });
    const results: RawCheckResult[] = [];
    const pending: Promise<void>[] = [];
    try {
      for (const check of this.settings.checks) {
        if (!check.appliesTo(entity)) continue;
        const result: RawCheckResult = {
          checkId: check.id,
          status: 'unknown',
          detail: '',
        };
        results.push(result);
        const settle = (outcome: CheckOutcome) => {
          result.status = outcome.status;
          result.detail = outcome.detail;
          if (typeof outcome.value === 'number') result.value = outcome.value;
        };
        const fail = (e: unknown) => {
          result.status = 'unknown';
          result.detail = context.signal.aborted
            ? `evidence not read within ${
                this.settings.timeoutMs
              } ms (${message(e)})`
            : message(e);
        };
        try {
          const outcome = check.checkType.evaluate(
            entity,
            check.params,
            context,
            { id: check.id },
          );
          if (isPromise(outcome)) pending.push(outcome.then(settle, fail));
          else settle(outcome);
        } catch (e) {
          fail(e);
        }
      }
      if (pending.length > 0) await Promise.all(pending);
    } finally {
      context.dispose();
    }
    return results;
  }
}
