import { ConfigError } from '../errors.js';
import type { EngineSettings } from './types.js';

/** Throws `ConfigError` naming the first setting that cannot work. */
export function validateEngineSettings(settings: EngineSettings): EngineSettings {
  const { concurrency, minConcurrency, maxAttempts, baseDelayMs, maxDelayMs, failureThreshold } =
    settings;
  const positive = { concurrency, minConcurrency, maxAttempts };
  for (const [name, value] of Object.entries(positive)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new ConfigError(`${name} must be a positive integer, got ${value}`);
    }
  }
  if (!(baseDelayMs >= 0) || !(maxDelayMs >= baseDelayMs)) {
    throw new ConfigError(
      `retry delays need 0 <= baseDelayMs <= maxDelayMs, got ${baseDelayMs} and ${maxDelayMs}`,
    );
  }
  if (
    !(failureThreshold.ratio >= 0 && failureThreshold.ratio <= 1) ||
    !(failureThreshold.minTasks >= 0)
  ) {
    throw new ConfigError(
      `failureThreshold needs 0 <= ratio <= 1 and minTasks >= 0, got ${JSON.stringify(failureThreshold)}`,
    );
  }
  if (settings.attemptTimeoutMs !== undefined && !(settings.attemptTimeoutMs > 0)) {
    throw new ConfigError(`attemptTimeoutMs must be positive, got ${settings.attemptTimeoutMs}`);
  }
  return settings;
}
