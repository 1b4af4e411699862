/**
 * The formats every table route of the adoption API answers in: `json`
 * (`{ items }`, the default) or `csv` (the same rows, as a download), by
 * `?format=`.
 *
 * @public
 */
export const ADOPTION_TABLE_FORMATS = ['json', 'csv'] as const;

/** A table route's `?format=`. @public */
export type AdoptionTableFormat = (typeof ADOPTION_TABLE_FORMATS)[number];
