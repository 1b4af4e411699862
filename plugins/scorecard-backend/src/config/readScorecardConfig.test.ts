import { ConfigReader } from '@backstage/config';
import { targetPaths } from '@backstage/cli-common';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { builtInCheckTypes } from '../checks';
import {
  DEFAULT_CACHE_TTL_MS,
  readScorecardCacheSettings,
  readScorecardConfig,
} from './readScorecardConfig';

const types = (config = new ConfigReader({})) =>
  new Map(builtInCheckTypes(config).map(t => [t.id, t]));

const check = (extra: object = {}) => ({
  id: 'pagerduty-service',
  type: 'annotation',
  title: 'Has PagerDuty service',
  dimension: 'On-Call',
  params: { annotation: 'pagerduty.com/service-id' },
  ...extra,
});

const read = (scorecard: object) =>
  readScorecardConfig(new ConfigReader({ scorecard }), types());

describe('readScorecardConfig', () => {
  it("reads the portal's app-config.yaml: eleven checks, seven dimensions, three levels", () => {
    const appConfig = parse(
      fs.readFileSync(
        path.join(targetPaths.rootDir, 'app-config.yaml'),
        'utf8',
      ),
    );
    const settings = readScorecardConfig(new ConfigReader(appConfig), types());
    expect(settings.checks.map(c => c.id)).toEqual([
      'has-owner',
      'pagerduty-service',
      'techdocs',
      'runbook',
      'slo-defined',
      'kubernetes-monitoring',
      'vulnerability-scanning',
      'image-signed',
      'resource-limits',
      'pdb-configured',
      'test-coverage',
    ]);
    expect(new Set(settings.checks.map(c => c.dimension)).size).toBe(7);
    expect(settings.levels.map(l => l.name)).toEqual([
      'Bronze',
      'Silver',
      'Gold',
    ]);
  });

  it('applies filters on kind, type and lifecycle, case-insensitively', () => {
    const [c] = read({
      checks: [
        check({ filter: { kind: ['Component'], lifecycle: ['production'] } }),
      ],
    }).checks;
    const entity = (kind: string, lifecycle: string) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind,
      metadata: { name: 'x' },
      spec: { type: 'service', lifecycle },
    });
    expect(c.appliesTo(entity('component', 'Production'))).toBe(true);
    expect(c.appliesTo(entity('Component', 'experimental'))).toBe(false);
    expect(c.appliesTo(entity('API', 'production'))).toBe(false);
  });

  it.each([
    [
      { checks: [check({ type: 'nope' })] },
      /scorecard.checks\[0\] \(pagerduty-service\): unknown check type "nope"; known types: entity-field, annotation/,
    ],
    [{ checks: [check({ dimension: 'Vibes' })] }, /unknown dimension "Vibes"/],
    [
      { checks: [check(), check()] },
      /scorecard.checks\[1\] \(pagerduty-service\): duplicate check id/,
    ],
    [
      { checks: [check({ id: 'Has Owner' })] },
      /id must be lowercase letters, digits and hyphens/,
    ],
    [
      { checks: [check({ params: {} })] },
      /Missing required config value at 'scorecard.checks\[0\].params.annotation'/,
    ],
    [
      { checks: [check()], levels: [{ name: 'Bronze', checks: ['ghost'] }] },
      /scorecard.levels\[0\] \(Bronze\): unknown check "ghost"/,
    ],
  ])(
    'refuses a mistake with a message naming the check: %j',
    (config, message) => {
      expect(() => read(config)).toThrow(message);
    },
  );

  it('keeps only configured checks in the default levels', () => {
    expect(read({ checks: [check()] }).levels).toEqual([
      { name: 'Bronze', checks: ['pagerduty-service'] },
    ]);
  });
});

describe('readScorecardCacheSettings', () => {
  const cacheOf = (cache?: object) =>
    readScorecardCacheSettings(
      new ConfigReader(cache ? { scorecard: { cache } } : {}),
    );

  it('is on, for 10 minutes, unless configured', () => {
    expect(cacheOf()).toEqual({ enabled: true, ttlMs: DEFAULT_CACHE_TTL_MS });
    expect(DEFAULT_CACHE_TTL_MS).toBe(600_000);
    expect(cacheOf({ enabled: false, ttl: { minutes: 2 } })).toEqual({
      enabled: false,
      ttlMs: 120_000,
    });
    expect(cacheOf({ ttl: 'PT30S' }).ttlMs).toBe(30_000);
  });

  it('refuses a ttl that is no duration or not longer than 0', () => {
    expect(() => cacheOf({ ttl: 'soon' })).toThrow(
      /^scorecard\.cache\.ttl must be a duration such as \{ minutes: 10 \}/,
    );
    expect(() => cacheOf({ ttl: { seconds: 0 } })).toThrow(
      'scorecard.cache.ttl must be longer than 0',
    );
  });
});
