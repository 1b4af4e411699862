/**
 * Shared types, dimensions and permissions of the scorecard plugins.
 *
 * @packageDocumentation
 */
export * from './campaigns';
export * from './dimensions';
export * from './exemptionRequests';
export * from './fixFirst';
export * from './inputLimits';
export * from './notifications';
export * from './permissions';
export * from './results';
export * from './rollups';
export * from './types';
