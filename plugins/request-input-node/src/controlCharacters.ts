/**
 * A C0 control character (U+0000 to U+001F) or DEL (U+007F): POSIX's
 * `cntrl` class. No API of the portal takes one where a name, a reference
 * or a filter is expected: PostgreSQL refuses NUL in any text (a query that
 * fails is a 500), and the others only hide what a value says when it is
 * shown. Used by the backend's request guard and by our routers; a field
 * that takes text of several lines allows tab and line breaks
 * (`hasControlCharacter(value, { multiline: true })`).
 *
 * @public
 */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTER = /[\u0000-\u001F\u007F]/;

/**
 * Whether `value` holds a control character (`CONTROL_CHARACTER`); with
 * `multiline`, tab, line feed and carriage return are allowed.
 *
 * @public
 */
export function hasControlCharacter(
  value: string,
  options: { multiline?: boolean } = {},
): boolean {
  return CONTROL_CHARACTER.test(
    options.multiline ? value.replace(/[\t\n\r]/g, '') : value,
  );
}
