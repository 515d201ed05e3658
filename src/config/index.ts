/**
 * @module config
 * Configuration shape, defaults and the pure loader (defaults < file < env < flags).
 */
export { type Config, DEFAULT_CONFIG, ENV_KEYS, SECRET_KEYS } from './config-schema.js';
export { type ConfigSources, loadConfig, redactConfig } from './load-config.js';
