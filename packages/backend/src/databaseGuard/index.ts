export {
  REQUEST_ID_HEADER,
  createDatabaseGuard,
  databaseGuard,
  databaseMessage,
  requestIdOf,
} from './databaseGuard';
export {
  DATABASE_MESSAGES,
  databaseAddress,
  findDatabaseDetail,
} from './databaseDetail';
export type { DatabaseAddress, DatabaseDetail } from './databaseDetail';
export { DatabaseWatchdog } from './DatabaseWatchdog';
export { PostgresProbe } from './PostgresProbe';
export { WATCHDOG_DEFAULTS, readWatchdogSettings } from './settings';
