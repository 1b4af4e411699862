/**
 * Backend routers' input checked with a zod schema.
 *
 * @packageDocumentation
 */
export { parseInput } from './parseInput';
