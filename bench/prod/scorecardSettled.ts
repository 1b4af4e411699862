/*
 * When a production portal has done its own work on a catalog it was just
 * given: the scorecard has evaluated every new entity it scores. Shared by
 * bench/prod/measureImages.ts and bench/analytics.mjs --production.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import {
  builtInCheckTypes,
  readScorecardConfig,
} from '@internal/backstage-plugin-scorecard-backend';
import { Client } from 'pg';
import { parse as parseYaml } from 'yaml';
import { pgConnection } from 'system-tests/backendProcess';

/** The kinds an image's scorecard scores, read by its own config reader. */
export function scorecardKinds(imageDir: string): string[] {
  const config = new ConfigReader(
    parseYaml(fs.readFileSync(path.join(imageDir, 'app-config.yaml'), 'utf8')),
  );
  const types = new Map(builtInCheckTypes(config).map(t => [t.id, t]));
  return readScorecardConfig(config, types).entityKinds;
}

/** The refs of the entities an image's scorecard scores. */
export function scoredRefs(imageDir: string, entities: Entity[]): string[] {
  const kinds = scorecardKinds(imageDir);
  return entities
    .filter(e => kinds.includes(e.kind))
    .map(e => stringifyEntityRef(e));
}

/**
 * Resolves with the seconds it took once the scorecard (databases of
 * `prefix`) holds a result of every one of `refs`: it evaluates entities
 * whose catalog etag changed every 30 s, so new entities are evaluated
 * within a minute or so of their ingestion.
 */
export async function waitUntilScored(options: {
  prefix: string;
  refs: string[];
  timeoutMs?: number;
}): Promise<number> {
  const { prefix, refs, timeoutMs = 1_200_000 } = options;
  const started = performance.now();
  const db = new Client({ ...pgConnection, database: `${prefix}scorecard` });
  await db.connect();
  try {
    for (;;) {
      const { rows } = await db.query(
        'select count(*)::int as n from scorecard_entities where entity_ref = any($1)',
        [refs],
      );
      if (rows[0].n >= refs.length) break;
      if (performance.now() - started > timeoutMs)
        throw new Error(
          `${rows[0].n} of ${refs.length} entities scored after ${
            timeoutMs / 60_000
          } minutes`,
        );
      await new Promise(r => setTimeout(r, 1000));
    }
  } finally {
    await db.end();
  }
  return (performance.now() - started) / 1000;
}
