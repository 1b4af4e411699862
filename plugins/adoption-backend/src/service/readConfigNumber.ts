import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/**
 * A whole number of the adoption config (`key`, e.g.
 * `adoption.templateHealth.lookbackDays`), `fallback` when not set; an
 * error naming the key for a fraction or a number below `min`. Every
 * feature's config reader reads its numbers here.
 */
export function readWholeNumber(
  config: Config,
  key: string,
  options: { min: 0 | 1; fallback: number },
): number {
  const value = config.getOptionalNumber(key) ?? options.fallback;
  if (!Number.isInteger(value) || value < options.min) {
    throw new InputError(
      `${key} must be a whole number, ${options.min} or more; got ${value}`,
    );
  }
  return value;
}
