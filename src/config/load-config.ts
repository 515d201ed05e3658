import { isIP } from 'node:net';
import { HubError } from '../core/index.js';
import { type Config, DEFAULT_CONFIG, ENV_KEYS, SECRET_KEYS } from './config-schema.js';

export interface ConfigSources {
  /** Parsed config file contents (camelCase keys, nested objects). */
  readonly file?: unknown;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Command-line flags already mapped to keys, e.g. `{ port: '7000' }`. */
  readonly flags?: Readonly<Record<string, string | number | boolean | undefined>>;
}

type Mutable = Record<string, unknown>;

/**
 * defaults < file < CAIRN_* environment < flags, validated in one pass that reports every
 * problem (CAIRN_CONFIG_INVALID with `details.problems`), then deep-frozen.
 */
export function loadConfig(sources: ConfigSources = {}): Config {
  const merged = structuredClone(DEFAULT_CONFIG) as unknown as Mutable;
  const problems: string[] = [];
  if (sources.file !== undefined) {
    if (typeof sources.file !== 'object' || sources.file === null || Array.isArray(sources.file)) {
      problems.push('the config file must hold a JSON object');
    } else {
      mergeFile(merged, sources.file as Mutable, '', problems);
    }
  }
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const value = sources.env?.[name];
    if (value !== undefined && value !== '') setPath(merged, key, coerce(key, value));
  }
  for (const [key, value] of Object.entries(sources.flags ?? {})) {
    if (value !== undefined) setPath(merged, key, coerce(key, String(value)));
  }
  validate(merged as unknown as Config, problems);
  if (problems.length > 0) {
    throw new HubError('CAIRN_CONFIG_INVALID', `Invalid configuration: ${problems.join('; ')}`, {
      details: { problems },
    });
  }
  return deepFreeze(merged) as unknown as Config;
}

/** The configuration with secrets replaced, for display. */
export function redactConfig(config: Config): Record<string, unknown> {
  const copy = structuredClone(config) as unknown as Mutable;
  for (const key of SECRET_KEYS) if (getPath(copy, key) !== undefined) setPath(copy, key, '[redacted]');
  return copy;
}

function mergeFile(target: Mutable, source: Mutable, prefix: string, problems: string[]): void {
  for (const [key, value] of Object.entries(source)) {
    const path = prefix + key;
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') {
      problems.push(`"${path}" is not a configuration key`);
      continue;
    }
    const known = Object.hasOwn(target, key) || isOptionalKey(path);
    if (!known) {
      problems.push(`"${path}" is not a configuration key`);
      continue;
    }
    const current = target[key];
    if (typeof current === 'object' && current !== null && typeof value === 'object' && value !== null) {
      mergeFile(current as Mutable, value as Mutable, `${path}.`, problems);
    } else {
      target[key] = value;
    }
  }
}

const OPTIONAL_KEYS = new Set([
  'databaseUrl',
  'adminPassword',
  'hub.description',
  'hub.contact',
  'tls.certFile',
  'tls.keyFile',
  'tls.clientCaFile',
  'pcii.key',
  'pcii.keyFile',
  'http.trustedProxies',
]);
const isOptionalKey = (path: string) => OPTIONAL_KEYS.has(path);

function coerce(key: string, value: string): unknown {
  const current = getPath(DEFAULT_CONFIG as unknown as Mutable, key);
  if (typeof current === 'number') return /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof current === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

function validate(c: Config, problems: string[]): void {
  const int = (path: string, min: number, max: number) => {
    const v = getPath(c as unknown as Mutable, path);
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
      problems.push(`"${path}" must be an integer from ${min} to ${max}`);
    }
  };
  const str = (path: string, optional = false) => {
    const v = getPath(c as unknown as Mutable, path);
    if (optional && v === undefined) return;
    if (typeof v !== 'string' || v.length === 0) problems.push(`"${path}" must be a non-empty string`);
  };
  str('dataDir');
  str('host');
  int('port', 0, 65535);
  str('databaseUrl', true);
  str('adminPassword', true);
  if (typeof c.adminPassword === 'string' && c.adminPassword.length < 12)
    problems.push('"adminPassword" must have at least 12 characters');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(c.logLevel)) {
    problems.push('"logLevel" must be one of fatal, error, warn, info, debug, trace, silent');
  }
  str('hub.title');
  int('taxii.defaultPageSize', 1, 100_000);
  int('taxii.maxPageSize', 1, 100_000);
  int('taxii.maxMatchValues', 1, 10_000);
  int('taxii.maxObjectsPerRequest', 1, 1_000_000);
  int('taxii.maxContentLength', 1024, 2 ** 31);
  int('taxii.statusRetentionHours', 24, 24 * 365);
  str('tls.certFile', true);
  str('tls.keyFile', true);
  str('tls.clientCaFile', true);
  if ((c.tls.certFile === undefined) !== (c.tls.keyFile === undefined)) {
    problems.push('"tls.certFile" and "tls.keyFile" must be given together');
  }
  if (c.tls.clientCaFile !== undefined && c.tls.certFile === undefined) {
    problems.push('"tls.clientCaFile" needs "tls.certFile" and "tls.keyFile"');
  }
  if (!['required', 'optional'].includes(c.tls.clientCertificates))
    problems.push('"tls.clientCertificates" must be required or optional');
  int('limits.requestsPerSecondPerPrincipal', 0, 1_000_000);
  int('limits.requestsPerSecondPerAddress', 0, 1_000_000);
  int('limits.burstSeconds', 1, 3600);
  int('limits.requestTimeoutMs', 1000, 3_600_000);
  int('limits.keepAliveTimeoutMs', 1000, 3_600_000);
  if (typeof c.auth?.hideUnauthenticated !== 'boolean')
    problems.push('"auth.hideUnauthenticated" must be true or false');
  int('database.connectTimeoutMs', 100, 600_000);
  int('database.statementTimeoutMs', 0, 3_600_000);
  if (typeof c.database?.migrateOnStart !== 'boolean')
    problems.push('"database.migrateOnStart" must be true or false');
  validateTrustedProxies(c.http?.trustedProxies, problems);
  int('streams.maxPerPrincipal', 1, 10_000);
  int('streams.maxConnections', 1, 1_000_000);
  int('streams.heartbeatMs', 100, 300_000);
  int('streams.recheckMs', 100, 3_600_000);
  int('streams.stallMs', 100, 3_600_000);
  if (typeof c.jobs?.enabled !== 'boolean') problems.push('"jobs.enabled" must be true or false');
  int('jobs.leaderPollMs', 100, 3_600_000);
  int('jobs.statusPurgeIntervalMs', 100, 86_400_000);
  int('federation.pullIntervalMs', 100, 86_400_000);
  validatePcii(c, problems);
}

/** `http.trustedProxies`: comma-separated IP addresses or CIDR ranges (IPv4 or IPv6). */
function validateTrustedProxies(value: unknown, problems: string[]): void {
  if (value === undefined) return;
  const entries = typeof value === 'string' ? value.split(',').map((e) => e.trim()) : [];
  if (entries.length === 0 || !entries.every(isAddressOrRange)) {
    problems.push('"http.trustedProxies" must be comma-separated IP addresses or CIDR ranges');
  }
}

function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  const bits = family === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= bits;
}

/** The PCII key: one source at most, and a key given directly must be 32 bytes of base64. */
function validatePcii(c: Config, problems: string[]): void {
  const { key, keyFile } = c.pcii ?? {};
  if (keyFile !== undefined && (typeof keyFile !== 'string' || keyFile.length === 0))
    problems.push('"pcii.keyFile" must be a non-empty string');
  if (key !== undefined && (typeof key !== 'string' || !isAes256Base64(key)))
    // Never the value: it is a secret.
    problems.push('"pcii.key" must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)');
  if (key !== undefined && keyFile !== undefined)
    problems.push('Give "pcii.key" or "pcii.keyFile", not both');
}

/** Whether `text` is the base64 of exactly 32 bytes. */
export function isAes256Base64(text: string): boolean {
  return /^[A-Za-z0-9+/]{43}=$/.test(text.trim());
}

function getPath(obj: Mutable, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) cur = (cur as Mutable | undefined)?.[part];
  return cur;
}

function setPath(obj: Mutable, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = obj;
  for (const part of parts.slice(0, -1)) cur = cur[part] as Mutable;
  cur[parts[parts.length - 1] as string] = value;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
