/*
 * The rules that decide which strings of the corpus a route takes, each
 * imported from what owns it, so that a rule changed there changes the
 * table's expectations with it.
 */
import {
  CompoundEntityRef,
  makeValidator,
  parseEntityRef,
} from '@backstage/catalog-model';
import { canNameAnEntity } from '@internal/backstage-plugin-catalog-backend-module-entity-checks';
import { VAULT_NAME_PATTERN } from '@internal/backstage-plugin-scaffolder-backend-module-vault';
import { hasControlCharacter } from '@internal/backstage-request-input-node';
import { Schema, validate } from 'jsonschema';
import path from 'node:path';
import { readTemplateFolder } from 'template-dry-run';
import { repoRoot } from '../../../__testUtils__/backendProcess';

/**
 * The catalog's naming rules: @backstage/catalog-model's default
 * validators, which the catalog checks entities with.
 */
export const catalogRules = makeValidator();

/**
 * `spec.owner` as the catalog reads it (a group by default, in the entity's
 * namespace), if it is a reference that could name an entity at all (the
 * entity-checks module's rule); otherwise undefined.
 */
export function ownerReference(value: string): CompoundEntityRef | undefined {
  let ref: CompoundEntityRef;
  try {
    ref = parseEntityRef(value, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch {
    return undefined;
  }
  return canNameAnEntity(ref) ? ref : undefined;
}

/**
 * A control character: what the backend's request guard refuses in every
 * path, query and catalog `by-refs` reference, and what the scorecard's API
 * refuses in text (tab and line breaks allowed in multi-line text).
 */
export { hasControlCharacter };

/** vault:create-namespace's rule for both of its inputs. */
export const isVaultName = (value: unknown) =>
  typeof value === 'string' && VAULT_NAME_PATTERN.test(value);

let goldenPath: ReturnType<typeof readTemplateFolder> | undefined;

/** The golden-path template's folder (`template.yaml` and its skeleton). */
export function goldenPathTemplate(): ReturnType<typeof readTemplateFolder> {
  goldenPath ??= readTemplateFolder(
    path.join(repoRoot, 'templates/go-microservice-template'),
  );
  return goldenPath;
}

/**
 * Whether the golden-path template's parameter schema takes `values`,
 * checked as the scaffolder checks it: each page of `spec.parameters` with
 * jsonschema.
 */
export function goldenPathTakes(values: Record<string, unknown>): boolean {
  const spec = goldenPathTemplate().template.spec as {
    parameters?: Schema | Schema[];
  };
  return [spec.parameters ?? []]
    .flat()
    .every(page => validate(values, page).valid);
}
