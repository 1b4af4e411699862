import { Entity } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';

const RESOLVERS = ['$text', '$json', '$yaml'] as const;
type ResolverKey = (typeof RESOLVERS)[number];

/**
 * Resolves `$text`, `$json` and `$yaml` placeholders that hold a relative path
 * in entities read from `file` locations, e.g. an API's definition kept next
 * to its catalog file:
 *
 *     definition:
 *       $text: ../apis/order-api-v2.openapi.yaml
 *
 * The catalog's own placeholder processor resolves relative references only
 * against URL locations (it refuses local paths to prevent path traversal).
 * This processor runs just before it, only for `file` locations, and reads
 * only files inside the configured directories: anything else (URLs, other
 * location types) is left to the built-in processor.
 */
export class FilePlaceholderProcessor implements CatalogProcessor {
  constructor(private readonly options: { allowedDirectories: string[] }) {}

  getProcessorName(): string {
    return 'FilePlaceholderProcessor';
  }

  /** Before the built-in PlaceholderProcessor (priority 20). */
  getPriority(): number {
    return 10;
  }

  async preProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (location.type !== 'file') return entity;
    const baseDir = path.dirname(path.resolve(location.target));
    return (await this.visit(entity, baseDir, emit)) as Entity;
  }

  private async visit(
    data: unknown,
    baseDir: string,
    emit: CatalogProcessorEmit,
  ): Promise<unknown> {
    if (Array.isArray(data)) {
      return Promise.all(data.map(item => this.visit(item, baseDir, emit)));
    }
    if (!data || typeof data !== 'object') return data;
    const keys = Object.keys(data);
    const value = (data as Record<string, unknown>)[keys[0]];
    if (
      keys.length === 1 &&
      RESOLVERS.includes(keys[0] as ResolverKey) &&
      typeof value === 'string' &&
      !isUrl(value)
    ) {
      return this.resolve(keys[0] as ResolverKey, value, baseDir, emit);
    }
    const entries = await Promise.all(
      Object.entries(data).map(
        async ([k, v]) => [k, await this.visit(v, baseDir, emit)] as const,
      ),
    );
    return Object.fromEntries(entries);
  }

  private async resolve(
    key: ResolverKey,
    value: string,
    baseDir: string,
    emit: CatalogProcessorEmit,
  ): Promise<unknown> {
    const file = path.resolve(baseDir, value);
    const allowed = this.options.allowedDirectories.some(dir =>
      isInside(file, dir),
    );
    if (!allowed) {
      throw new NotAllowedError(
        `Placeholder ${key} "${value}" resolves to ${file}, outside the directories allowed by catalog.filePlaceholders.allowedDirectories (${
          this.options.allowedDirectories.join(', ') || 'none configured'
        })`,
      );
    }
    let content: string;
    try {
      content = await fs.readFile(file, 'utf8');
    } catch (error) {
      throw new InputError(
        `Placeholder ${key} could not read ${file}: ${
          (error as Error).message
        }`,
      );
    }
    emit(processingResult.refresh(`file:${file}`));
    if (key === '$text') return content;
    try {
      return key === '$json' ? JSON.parse(content) : yaml.parse(content);
    } catch (error) {
      throw new InputError(
        `Placeholder ${key} could not parse ${file}: ${
          (error as Error).message
        }`,
      );
    }
  }
}

function isUrl(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return (
    relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)
  );
}
