export { runPreflight } from './preflight';
export type { PreflightOptions, PreflightResult } from './preflight';
export { requiredEnvVarsInYaml } from './requiredEnv';
