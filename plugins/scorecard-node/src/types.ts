import type { Entity } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import type { CheckStatus } from '@internal/backstage-plugin-scorecard-common';

/** What a check concludes for one entity. @public */
export type CheckOutcome = {
  status: CheckStatus;
  /** a sentence a service owner understands: what was found, or why unknown */
  detail: string;
  /** a numeric check's measure (coverage 61): kept with the result */
  value?: number;
};

/** A text file of the entity's repository. @public */
export type RepositoryFile = { path: string; content: string };

/**
 * What a check may read while it evaluates one entity. Reads are shared by
 * the checks of that entity (the repository is fetched at most once per
 * evaluation).
 *
 * @public
 */
export interface CheckContext {
  /**
   * The YAML files (`*.yaml`, `*.yml`) of the repository named by the
   * entity's `backstage.io/source-location`, read through the backend's URL
   * reader. Throws (and the check reports `unknown`) when the entity has no
   * source location or the repository cannot be read.
   */
  repositoryYamlFiles(): Promise<RepositoryFile[]>;
  /** The evidence source with this id (see `ScorecardEvidenceSource`). */
  evidenceSource(id: string): ScorecardEvidenceSource;
  /** aborted when the evaluation's time budget is spent */
  signal: AbortSignal;
}

/**
 * A kind of check, referenced by `type` from `scorecard.checks` in
 * app-config. Built-in types: entity-field, annotation, prometheus-slo-rule,
 * workflow-step, image-signature, helm-resources, kubernetes-pdb.
 *
 * @public
 */
export interface ScorecardCheckType<TParams = unknown> {
  id: string;
  /**
   * Reads and validates a configured check's `params`; throws an error
   * naming the problem (startup fails with it, pointing at the check).
   */
  parseParams(params: Config | undefined): TParams;
  /**
   * Judges one entity. Synchronous checks (annotations, fields) may return
   * the outcome directly, which keeps bulk evaluation cheap. A thrown error
   * becomes `unknown` with the error's message.
   */
  evaluate(
    entity: Entity,
    params: TParams,
    context: CheckContext,
    /** the configured check being judged (its `id` in `scorecard.checks`) */
    check: { id: string },
  ): CheckOutcome | Promise<CheckOutcome>;
}

/**
 * A source of evidence that is not in the catalog or the repository, e.g.
 * "is this image signed" from a registry. Check types look sources up by id,
 * so an adopter can swap the built-in source for their own.
 *
 * @public
 */
export interface ScorecardEvidenceSource {
  id: string;
  read(
    entity: Entity,
    request: { question: string; signal: AbortSignal },
  ): Promise<CheckOutcome>;
}

/** Helper for check types with type-safe params. @public */
export function createScorecardCheckType<TParams>(
  checkType: ScorecardCheckType<TParams>,
): ScorecardCheckType<TParams> {
  return checkType;
}
