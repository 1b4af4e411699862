import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';

/** `backend.databaseGuard.watchdog` (config.d.ts), defaults applied. */
export type WatchdogSettings = {
  enabled: boolean;
  probeIntervalMs: number;
  probeTimeoutMs: number;
  maxWaitMs: number;
  failReadiness: boolean;
};

export const WATCHDOG_DEFAULTS: WatchdogSettings = {
  enabled: true,
  probeIntervalMs: 2_000,
  probeTimeoutMs: 3_000,
  maxWaitMs: 10_000,
  failReadiness: true,
};

const KEY = 'backend.databaseGuard.watchdog';

export function readWatchdogSettings(config: Config): WatchdogSettings {
  const watchdog = config.getOptionalConfig(KEY);
  const duration = (key: string, fallback: number) =>
    watchdog?.has(key)
      ? durationToMilliseconds(readDurationFromConfig(watchdog, { key }))
      : fallback;
  return {
    enabled:
      watchdog?.getOptionalBoolean('enabled') ?? WATCHDOG_DEFAULTS.enabled,
    probeIntervalMs: duration(
      'probeInterval',
      WATCHDOG_DEFAULTS.probeIntervalMs,
    ),
    probeTimeoutMs: duration('probeTimeout', WATCHDOG_DEFAULTS.probeTimeoutMs),
    maxWaitMs: duration('maxWait', WATCHDOG_DEFAULTS.maxWaitMs),
    failReadiness:
      watchdog?.getOptionalBoolean('failReadiness') ??
      WATCHDOG_DEFAULTS.failReadiness,
  };
}
