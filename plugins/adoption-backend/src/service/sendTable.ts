import { ADOPTION_TABLE_FORMATS } from '@internal/backstage-plugin-adoption-common';
import type express from 'express';
import { z } from 'zod';

/**
 * `?format=` of every table route (json, the default, or csv): each route's
 * query schema takes it from here; `sendTable` answers by it.
 */
export const tableFormat = z.enum(ADOPTION_TABLE_FORMATS).optional();

type Cell = string | number | boolean | null | undefined;

/** one CSV field (RFC 4180), with formula-looking text defused for spreadsheets */
function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) {
    text = `'${text}`;
  }
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** rows as CSV, a header line of `columns` first */
export function toCsv<T extends Record<string, Cell>>(
  rows: T[],
  columns: (keyof T & string)[],
): string {
  return [
    columns.join(','),
    ...rows.map(r => columns.map(c => csvField(r[c])).join(',')),
  ].join('\r\n');
}

/**
 * Answers a table as JSON (`{ items }`) or, with `?format=csv`, as a CSV
 * download named `<name>.csv`: every figure of the adoption page is
 * exportable the same way.
 */
export function sendTable<T extends Record<string, Cell>>(
  req: express.Request,
  res: express.Response,
  table: { name: string; columns: (keyof T & string)[]; rows: T[] },
): void {
  if (req.query.format === 'csv') {
    res
      .type('text/csv; charset=utf-8')
      .attachment(`${table.name}.csv`)
      .send(toCsv(table.rows, table.columns));
    return;
  }
  res.json({ items: table.rows });
}
