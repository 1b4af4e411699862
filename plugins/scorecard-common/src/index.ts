/**
 * Shared types, dimensions and permissions of the scorecard plugins.
 *
 * @packageDocumentation
 */
export * from './dimensions';
export * from './fixFirst';
export * from './inputLimits';
export * from './permissions';
export * from './types';
