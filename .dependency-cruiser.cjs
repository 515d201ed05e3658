/**
 * Layering rules of STYLE.md §2, enforced by `npm run depcheck`. Lowest layer first:
 * core < stix, config < pattern, store port < auth, store adapters < taxii < http < app < cli.
 */
const pureIo =
  '^(fs|net|http|https|http2|child_process|dgram|cluster|worker_threads|node:(fs|net|http|https|http2|child_process|dgram|cluster|worker_threads))';
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'core-imports-nothing',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/(?!core/)' },
    },
    {
      name: 'pure-modules-stay-pure',
      severity: 'error',
      from: { path: '^src/(core|stix|pattern|sharing|audit)/', pathNot: '\\.test\\.ts$' },
      to: { path: `^src/(store|taxii|auth|http|config|app|cli)/|${pureIo}` },
    },
    {
      name: 'stix-does-not-use-pattern',
      severity: 'error',
      from: { path: '^src/stix/' },
      to: { path: '^src/pattern/' },
    },
    {
      name: 'store-port-is-driver-free',
      severity: 'error',
      from: { path: '^src/store/(store|tenancy-types|index)\\.ts$' },
      to: { path: '^src/store/(sql|sqlite|postgres)/|better-sqlite3|^pg$' },
    },
    {
      name: 'adapters-only-from-app',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(app|store/(sql|sqlite|postgres))/' },
      to: { path: '^src/store/(sql|sqlite|postgres)/' },
    },
    {
      name: 'adapters-below-taxii-and-http',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/(taxii|http|auth|app|cli|config)/' },
    },
    {
      name: 'auth-below-taxii',
      severity: 'error',
      from: { path: '^src/auth/' },
      to: { path: '^src/(taxii|http|app|cli|config)/' },
    },
    {
      name: 'stream-between-taxii-and-http',
      severity: 'error',
      from: { path: '^src/stream/' },
      to: { path: '^src/(http|app|cli|config)/|fastify' },
    },
    {
      name: 'taxii-below-stream',
      severity: 'error',
      from: { path: '^src/taxii/' },
      to: { path: '^src/stream/' },
    },
    {
      name: 'taxii-has-no-framework',
      severity: 'error',
      from: { path: '^src/taxii/' },
      to: { path: '^src/(http|app|cli|config)/|fastify' },
    },
    {
      name: 'federation-below-http-and-app',
      severity: 'error',
      from: { path: '^src/federation/' },
      to: { path: '^src/(http|app|cli|config|stream)/|fastify' },
    },
    {
      name: 'fastify-only-in-http',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(http|app)/' },
      to: { path: 'node_modules/fastify/' },
    },
    {
      name: 'http-below-app',
      severity: 'error',
      from: { path: '^src/http/' },
      to: { path: '^src/(app|cli)/|^src/config/load-config' },
    },
    {
      name: 'cli-goes-through-app',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: '^src/(http|auth)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.test\\.ts$' },
  },
};
