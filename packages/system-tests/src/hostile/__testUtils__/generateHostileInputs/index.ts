/*
 * The table of hostile inputs of ../../hostileInputs.integration.test.ts:
 * malformed and adversarial requests to the catalog, the scaffolder (the
 * golden-path template), the scorecard API and the vault:create-namespace
 * action, each with the outcome it must have. Generated, not hand-listed: a
 * corpus of hostile strings is crossed with every field that takes one, plus
 * wrong types, missing fields, huge bodies, deep nesting and malformed YAML.
 * The generation is deterministic (a seeded PRNG, never Math.random), so a
 * failing case has the same id and input on every run.
 *
 * Which values a route takes is decided by the rules of what owns the
 * route, imported (rules.ts): the catalog's validators and parseEntityRef,
 * the entity-checks module's owner rule, the backend's request guard, the
 * Vault action's name pattern and the golden-path template's own parameter
 * schema (read from its template.yaml). The cases are data; the test
 * decides how each is sent.
 *
 * - types.ts: the cases and their expectations
 * - corpus.ts: the hostile strings
 * - rules.ts: the rules, from their owners
 * - encoding.ts, expectations.ts: how values are sent, what outcomes mean
 * - catalogEntities.ts, catalogLocations.ts, catalogFiles.ts: the catalog
 *   (validate-entity; locations and the read APIs; YAML files)
 * - scaffolder.ts: the golden-path template's parameters, templateRef, task
 *   ids, dry runs and real tasks
 * - scorecard.ts: the scorecard API
 * - vault.ts: vault:create-namespace, as a dry run and in process
 */
import { catalogEntityCases } from './catalogEntities';
import { locationFileCases } from './catalogFiles';
import { catalogLocationAndReadCases } from './catalogLocations';
import { hostileStrings } from './corpus';
import { scaffolderCases } from './scaffolder';
import { scorecardCases } from './scorecard';
import type { HostileTable } from './types';
import { vaultCases } from './vault';

export { goldenPathTemplate } from './rules';
export type {
  Expectation,
  HostileTable,
  HttpCase,
  HttpMethod,
  LocationFileCase,
  TaskCase,
  VaultActionCase,
} from './types';

/**
 * The whole table, deterministic for a seed and a time (exemption expiry
 * dates are relative to `now`).
 */
export function generateHostileInputs(
  seed = 11,
  now = Date.UTC(2026, 0, 1),
): HostileTable {
  const strings = hostileStrings(seed);
  const scaffolder = scaffolderCases(strings);
  const vault = vaultCases(strings);
  const table: HostileTable = {
    http: [
      ...catalogEntityCases(strings),
      ...catalogLocationAndReadCases(strings),
      ...scaffolder.http,
      ...scorecardCases(strings, now),
      ...vault.http,
    ],
    tasks: scaffolder.tasks,
    locationFiles: locationFileCases(),
    vaultActions: vault.actions,
  };
  const ids = new Set<string>();
  for (const c of [
    ...table.http,
    ...table.tasks,
    ...table.locationFiles,
    ...table.vaultActions,
  ]) {
    if (ids.has(c.id)) throw new Error(`Duplicate hostile case id ${c.id}`);
    ids.add(c.id);
  }
  return table;
}
