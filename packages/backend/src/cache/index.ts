export {
  cacheServiceFactory,
  readRedisCacheSettings,
} from './cacheServiceFactory';
export type { RedisCacheSettings } from './cacheServiceFactory';
export { RedisCacheClient } from './RedisCacheClient';
export {
  PENDING_DELETES_LIMIT,
  SHARED_REDIS_DEFAULTS,
  SharedRedis,
  redisAddress,
} from './SharedRedis';
