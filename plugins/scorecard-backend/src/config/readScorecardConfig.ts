import type { Entity } from '@backstage/catalog-model';
import { readDurationFromConfig, type Config } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import {
  findScorecardDimension,
  type ScorecardCheckDefinition,
  type ScorecardLevelDefinition,
} from '@internal/backstage-plugin-scorecard-common';
import type { ScorecardCheckType } from '@internal/backstage-plugin-scorecard-node';

/** A check of `scorecard.checks`, ready to evaluate. */
export type ConfiguredCheck = ScorecardCheckDefinition & {
  checkType: ScorecardCheckType<any>;
  params: unknown;
  appliesTo(entity: Entity): boolean;
};

export type ScorecardSettings = {
  entityKinds: string[];
  checks: ConfiguredCheck[];
  levels: ScorecardLevelDefinition[];
  timeoutMs: number;
  maxFileBytes: number;
};

/** `scorecard.cache.ttl` when not configured */
export const DEFAULT_CACHE_TTL_MS = 10 * 60 * 1000;

const DEFAULT_KINDS = ['Component', 'System', 'API', 'Resource'];

/** Used when `scorecard.levels` is not configured (ids that exist only). */
const DEFAULT_LEVELS: ScorecardLevelDefinition[] = [
  { name: 'Bronze', checks: ['has-owner', 'pagerduty-service', 'techdocs'] },
  {
    name: 'Silver',
    checks: ['runbook', 'kubernetes-monitoring', 'vulnerability-scanning'],
  },
  {
    name: 'Gold',
    checks: [
      'slo-defined',
      'image-signed',
      'resource-limits',
      'pdb-configured',
    ],
  },
];

const lower = (values: string[] | undefined) =>
  values?.map(v => v.toLocaleLowerCase('en-US'));

/**
 * Reads `scorecard.*`. Every mistake names the check and what is wrong, and
 * stops the plugin from starting: a misconfigured standard must not silently
 * score everybody.
 */
export function readScorecardConfig(
  config: Config,
  checkTypes: Map<string, ScorecardCheckType<any>>,
): ScorecardSettings {
  const root = config.getOptionalConfig('scorecard');
  const checks: ConfiguredCheck[] = [];
  const ids = new Set<string>();

  (root?.getOptionalConfigArray('checks') ?? []).forEach((c, index) => {
    const id = c.getString('id');
    const where = `scorecard.checks[${index}] (${id})`;
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) {
      throw new Error(
        `${where}: id must be lowercase letters, digits and hyphens`,
      );
    }
    if (ids.has(id)) throw new Error(`${where}: duplicate check id`);
    ids.add(id);
    const typeId = c.getString('type');
    const checkType = checkTypes.get(typeId);
    if (!checkType) {
      throw new Error(
        `${where}: unknown check type "${typeId}"; known types: ${[
          ...checkTypes.keys(),
        ].join(', ')}`,
      );
    }
    const dimension = findScorecardDimension(c.getString('dimension'));
    if (!dimension) {
      throw new Error(
        `${where}: unknown dimension "${c.getString('dimension')}"`,
      );
    }
    let params: unknown;
    try {
      params = checkType.parseParams(c.getOptionalConfig('params'));
    } catch (e) {
      throw new Error(`${where}: ${e instanceof Error ? e.message : e}`);
    }
    const filter = {
      kind: c.getOptionalStringArray('filter.kind'),
      type: c.getOptionalStringArray('filter.type'),
      lifecycle: c.getOptionalStringArray('filter.lifecycle'),
    };
    const kinds = lower(filter.kind);
    const types = lower(filter.type);
    const lifecycles = lower(filter.lifecycle);
    const spec = (e: Entity, key: string) =>
      String(
        (e.spec as Record<string, unknown> | undefined)?.[key] ?? '',
      ).toLocaleLowerCase('en-US');
    checks.push({
      id,
      title: c.getString('title'),
      dimension: dimension.id,
      description: c.getOptionalString('description') ?? '',
      howToFix: c.getOptionalString('howToFix'),
      filter: Object.fromEntries(
        Object.entries(filter).filter(([, v]) => v !== undefined),
      ),
      checkType,
      params,
      appliesTo: entity =>
        (!kinds || kinds.includes(entity.kind.toLocaleLowerCase('en-US'))) &&
        (!types || types.includes(spec(entity, 'type'))) &&
        (!lifecycles || lifecycles.includes(spec(entity, 'lifecycle'))),
    });
  });

  const configuredLevels = root?.getOptionalConfigArray('levels');
  const levels = configuredLevels
    ? configuredLevels.map((l, index) => {
        const name = l.getString('name');
        const levelChecks = l.getStringArray('checks');
        for (const id of levelChecks) {
          if (!ids.has(id)) {
            throw new Error(
              `scorecard.levels[${index}] (${name}): unknown check "${id}"`,
            );
          }
        }
        return { name, checks: levelChecks };
      })
    : DEFAULT_LEVELS.map(l => ({
        name: l.name,
        checks: l.checks.filter(id => ids.has(id)),
      })).filter(l => l.checks.length > 0);

  return {
    entityKinds: root?.getOptionalStringArray('entityKinds') ?? DEFAULT_KINDS,
    checks,
    levels,
    timeoutMs: root?.getOptionalNumber('evidence.timeoutMs') ?? 15000,
    maxFileBytes:
      root?.getOptionalNumber('evidence.maxFileBytes') ?? 1024 * 1024,
  };
}

/** `scorecard.cache`: entities' scorecards in the portal's cache. */
export type ScorecardCacheSettings = { enabled: boolean; ttlMs: number };

/** Reads `scorecard.cache`; a ttl that is no duration stops the plugin. */
export function readScorecardCacheSettings(
  config: Config,
): ScorecardCacheSettings {
  const cache = config.getOptionalConfig('scorecard.cache');
  let ttlMs = DEFAULT_CACHE_TTL_MS;
  if (cache?.has('ttl')) {
    try {
      ttlMs = durationToMilliseconds(
        readDurationFromConfig(cache, { key: 'ttl' }),
      );
    } catch (e) {
      throw new Error(
        `scorecard.cache.ttl must be a duration such as { minutes: 10 } (${
          e instanceof Error ? e.message : e
        })`,
      );
    }
    if (!(ttlMs > 0))
      throw new Error('scorecard.cache.ttl must be longer than 0');
  }
  return { enabled: cache?.getOptionalBoolean('enabled') ?? true, ttlMs };
}
