import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isHubError } from '../core/index.js';
import { DEFAULT_CONFIG, ENV_KEYS } from './config-schema.js';
import { loadConfig, redactConfig } from './load-config.js';

function leafKeys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix.slice(0, -1)];
  return Object.entries(value).flatMap(([k, v]) => leafKeys(v, `${prefix}${k}.`));
}

function problemsOf(work: () => unknown): string[] {
  try {
    work();
  } catch (error) {
    if (isHubError(error) && error.code === 'CAIRN_CONFIG_INVALID')
      return error.details?.problems as string[];
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('gives the defaults when nothing is set', () => {
    expect(loadConfig()).toEqual(DEFAULT_CONFIG);
  });

  it('layers defaults < file < environment < flags', () => {
    const config = loadConfig({
      file: { port: 7000, host: '0.0.0.0', taxii: { maxPageSize: 500 } },
      env: { CAIRN_PORT: '7001', CAIRN_DATA: '/env/data' },
      flags: { port: 7002 },
    });
    expect(config.port).toBe(7002);
    expect(config.host).toBe('0.0.0.0');
    expect(config.dataDir).toBe('/env/data');
    expect(config.taxii.maxPageSize).toBe(500);
    expect(config.taxii.defaultPageSize).toBe(DEFAULT_CONFIG.taxii.defaultPageSize);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf(() =>
      loadConfig({
        file: { port: 'x', bogus: 1, taxii: { maxPageSize: 0 } },
        env: { CAIRN_ADMIN_PASSWORD: 'short' },
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('"bogus"'),
        expect.stringContaining('"port"'),
        expect.stringContaining('"taxii.maxPageSize"'),
        expect.stringContaining('"adminPassword"'),
      ]),
    );
  });

  it('refuses prototype-polluting keys in the file', () => {
    const file = JSON.parse('{"__proto__": {"polluted": true}, "port": 7000}');
    expect(problemsOf(() => loadConfig({ file }))).toEqual([expect.stringContaining('__proto__')]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('freezes the result deeply', () => {
    const config = loadConfig();
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.taxii)).toBe(true);
  });

  it('redacts secrets for display', () => {
    const config = loadConfig({ env: { CAIRN_ADMIN_PASSWORD: 'a-long-secret-password' } });
    expect(JSON.stringify(redactConfig(config))).not.toContain('a-long-secret-password');
  });

  it('redacts the PCII key and refuses a malformed one without echoing it', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const config = loadConfig({ env: { CAIRN_PCII_KEY: key } });
    expect(config.pcii.key).toBe(key);
    expect(JSON.stringify(redactConfig(config))).not.toContain(key);
    expect(() => loadConfig({ env: { CAIRN_PCII_KEY: 'not-a-key-secret' } })).toThrow(/pcii\.key/);
    try {
      loadConfig({ env: { CAIRN_PCII_KEY: 'not-a-key-secret' } });
    } catch (error) {
      expect(JSON.stringify(error) + String(error)).not.toContain('not-a-key-secret');
    }
  });

  it('takes client certificates as required by default, optional when told, and nothing else (issue 7)', () => {
    expect(loadConfig().tls.clientCertificates).toBe('required');
    expect(loadConfig({ env: { CAIRN_TLS_CLIENT_CERTIFICATES: 'optional' } }).tls.clientCertificates).toBe(
      'optional',
    );
    expect(() => loadConfig({ file: { tls: { clientCertificates: 'sometimes' } } })).toThrow(
      /tls\.clientCertificates/,
    );
  });

  it('takes trusted proxies as addresses or CIDR ranges only (issue 6)', () => {
    expect(loadConfig().http.trustedProxies).toBeUndefined();
    const env = { CAIRN_HTTP_TRUSTED_PROXIES: '10.0.0.0/8, 192.0.2.10,2001:db8::/32' };
    expect(loadConfig({ env }).http.trustedProxies).toBe(env.CAIRN_HTTP_TRUSTED_PROXIES);
    for (const bad of ['everyone', '10.0.0.0/33', '10.0.0.1/8/8', '192.0.2.1,', '2001:db8::/129'])
      expect(() => loadConfig({ env: { CAIRN_HTTP_TRUSTED_PROXIES: bad } }), bad).toThrow(
        /http\.trustedProxies/,
      );
  });

  it('bounds the live-stream limits and takes migrateOnStart as a boolean (issue 6)', () => {
    expect(loadConfig().streams).toEqual({
      maxPerPrincipal: 8,
      maxConnections: 1000,
      heartbeatMs: 15_000,
      recheckMs: 5_000,
      stallMs: 60_000,
    });
    expect(loadConfig({ env: { CAIRN_STREAMS_MAX_PER_PRINCIPAL: '2' } }).streams.maxPerPrincipal).toBe(2);
    expect(() => loadConfig({ env: { CAIRN_STREAMS_MAX_CONNECTIONS: '0' } })).toThrow(
      /streams\.maxConnections/,
    );
    expect(() => loadConfig({ file: { streams: { heartbeatMs: 10 } } })).toThrow(/streams\.heartbeatMs/);
    expect(loadConfig({ env: { CAIRN_DATABASE_MIGRATE_ON_START: 'false' } }).database.migrateOnStart).toBe(
      false,
    );
    expect(() => loadConfig({ env: { CAIRN_DATABASE_MIGRATE_ON_START: 'no' } })).toThrow(/migrateOnStart/);
  });

  it('documents every key and environment variable in docs/configuration.md', () => {
    const doc = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    const documented = [...doc.matchAll(/^\| `([a-zA-Z.]+)` +\|/gm)].map((m) => m[1]);
    const keys = [
      ...leafKeys(DEFAULT_CONFIG),
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
    ];
    expect([...documented].sort()).toEqual([...new Set(keys)].sort());
    for (const [env, key] of Object.entries(ENV_KEYS)) {
      expect(doc, `${env} for ${key}`).toMatch(
        new RegExp(`\\| \`${key.replace('.', '\\.')}\` +\\|[^\\n]*\`${env}\``),
      );
    }
  });
});
