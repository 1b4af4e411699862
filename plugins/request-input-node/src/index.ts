/**
 * What our backend routers accept as input: a zod schema's value or a 400
 * naming each field, and the one control-character rule.
 *
 * @packageDocumentation
 */
export { parseInput } from './parseInput';
export { CONTROL_CHARACTER, hasControlCharacter } from './controlCharacters';
