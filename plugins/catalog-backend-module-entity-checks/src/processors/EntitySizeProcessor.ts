import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogProcessor } from '@backstage/plugin-catalog-node';

/**
 * Fails processing of an entity whose JSON, placeholders resolved, exceeds
 * a size limit: a runaway description or definition would otherwise be
 * stored, stitched, indexed and sent to every browser that lists it.
 */
export class EntitySizeProcessor implements CatalogProcessor {
  constructor(private readonly maxBytes: number) {}

  getProcessorName(): string {
    return 'EntitySizeProcessor';
  }

  async postProcessEntity(entity: Entity): Promise<Entity> {
    const bytes = Buffer.byteLength(JSON.stringify(entity), 'utf8');
    if (bytes > this.maxBytes) {
      // Name the most specific part that accounts for most of the size.
      const parts = Object.entries({
        'metadata.description': entity.metadata.description,
        'spec.definition': entity.spec?.definition,
        metadata: entity.metadata,
        spec: entity.spec,
      })
        .filter(([, v]) => v !== undefined)
        .map(
          ([k, v]) =>
            [k, Buffer.byteLength(JSON.stringify(v), 'utf8')] as const,
        );
      const largest =
        parts.find(([, size]) => size * 2 > bytes) ??
        [...parts].sort((a, b) => b[1] - a[1])[0];
      throw new InputError(
        `${stringifyEntityRef(entity)} is ${formatBytes(
          bytes,
        )}, over the catalog's limit of ${formatBytes(
          this.maxBytes,
        )} (catalog.entityChecks.maxEntitySizeBytes); the largest part is ${
          largest[0]
        } (${formatBytes(largest[1])})`,
      );
    }
    return entity;
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}
