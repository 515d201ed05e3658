/**
 * Cairn's configuration: its shape, defaults and environment names. `docs/configuration.md`
 * lists every key (a test keeps the two in sync).
 */
export interface Config {
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  /** postgres://… selects PostgreSQL; absent: SQLite in dataDir. */
  readonly databaseUrl?: string;
  /** Password of the first admin user; generated and printed once when absent. */
  readonly adminPassword?: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly hub: { readonly title: string; readonly description?: string; readonly contact?: string };
  readonly taxii: {
    readonly defaultPageSize: number;
    readonly maxPageSize: number;
    readonly maxMatchValues: number;
    readonly maxObjectsPerRequest: number;
    /** max_content_length of new API roots, and the transport cap for every request body. */
    readonly maxContentLength: number;
    readonly statusRetentionHours: number;
  };
  readonly auth: {
    /** Answer missing or wrong credentials with 404 instead of 401 (TAXII 2.1 allows both). */
    readonly hideUnauthenticated: boolean;
  };
  /** HTTPS (TAXII 2.1 §1.6.6): serve TLS 1.2 and 1.3 when a certificate and key are given. */
  readonly tls: {
    readonly certFile?: string;
    readonly keyFile?: string;
    /** CA bundle for client certificates, which then authenticate when registered (issue 7). */
    readonly clientCaFile?: string;
    /**
     * With `clientCaFile`: `required` refuses any TLS client without a certificate signed by
     * that CA; `optional` also serves clients without one (password and token clients) and
     * ignores a certificate it cannot verify.
     */
    readonly clientCertificates: 'required' | 'optional';
  };
  readonly limits: {
    /** Sustained requests per second one principal may make (0: no limit). */
    readonly requestsPerSecondPerPrincipal: number;
    /** Sustained requests per second one client address may make (0: no limit). */
    readonly requestsPerSecondPerAddress: number;
    /** Bursts allowed above the sustained rate, in seconds' worth of requests. */
    readonly burstSeconds: number;
    /** Longest a request may take, headers and body included (ms). */
    readonly requestTimeoutMs: number;
    /** How long an idle keep-alive connection stays open (ms). */
    readonly keepAliveTimeoutMs: number;
  };
  /** PostgreSQL connections (ignored on SQLite). */
  readonly database: {
    /** Longest wait for a connection, new or from the pool, before a 503 (ms). */
    readonly connectTimeoutMs: number;
    /** Server-side limit per statement (ms; 0: none). The URL's statement_timeout_ms wins. */
    readonly statementTimeoutMs: number;
    /**
     * Apply pending migrations when `serve` starts (both engines). When false the node refuses
     * to start on a schema that is not exactly its own: roll out with `cairn migrate` first.
     */
    readonly migrateOnStart: boolean;
  };
  /** The HTTP front door. */
  readonly http: {
    /**
     * Load balancers whose `X-Forwarded-For` is believed: comma-separated addresses or CIDR
     * ranges. Absent: none, so the client address is the TCP peer's.
     */
    readonly trustedProxies?: string;
  };
  /** Live streams of new objects (docs/streams.md). */
  readonly streams: {
    /** Open streams one principal may hold at a time (on this node). */
    readonly maxPerPrincipal: number;
    /** Open streams this node serves at most. */
    readonly maxConnections: number;
    /** How often an idle stream sends a keep-alive comment (ms). */
    readonly heartbeatMs: number;
    /**
     * How often a stream re-checks its reader's rights and the collection without being woken
     * (ms): bounds how long a revoked reader keeps a stream, and a lost notification's delay.
     */
    readonly recheckMs: number;
    /** How long a client may leave sent events unread before it is disconnected (ms). */
    readonly stallMs: number;
  };
  /** Background jobs: on PostgreSQL, each runs on one node at a time (docs/scale-out.md). */
  readonly jobs: {
    /** Run background jobs on this node (when false, it never leads any). */
    readonly enabled: boolean;
    /** How often a node checks or takes job leadership (ms): bounds a takeover's delay. */
    readonly leaderPollMs: number;
    /** How often expired status resources are purged (ms). */
    readonly statusPurgeIntervalMs: number;
  };
  /** Federation with other TAXII 2.1 servers (docs/federation.md). */
  readonly federation: {
    /** How often the `federation-pull` job looks for peers due a pull round (ms). */
    readonly pullIntervalMs: number;
  };
  /**
   * Encryption at rest of protected (PCII) submissions: an AES-256 key, base64 (32 bytes),
   * given directly or as a file holding it. Without one the hub refuses protected submissions.
   */
  readonly pcii: { readonly key?: string; readonly keyFile?: string };
}

export const DEFAULT_CONFIG: Config = {
  dataDir: './cairn-data',
  host: '127.0.0.1',
  port: 6110,
  logLevel: 'info',
  hub: { title: 'Cairn threat-intelligence hub' },
  taxii: {
    defaultPageSize: 1000,
    maxPageSize: 10_000,
    maxMatchValues: 100,
    maxObjectsPerRequest: 50_000,
    maxContentLength: 64 * 1024 * 1024,
    statusRetentionHours: 72,
  },
  auth: { hideUnauthenticated: false },
  tls: { clientCertificates: 'required' },
  limits: {
    requestsPerSecondPerPrincipal: 2000,
    requestsPerSecondPerAddress: 4000,
    burstSeconds: 5,
    requestTimeoutMs: 120_000,
    keepAliveTimeoutMs: 72_000,
  },
  database: { connectTimeoutMs: 5_000, statementTimeoutMs: 30_000, migrateOnStart: true },
  http: {},
  streams: {
    maxPerPrincipal: 8,
    maxConnections: 1000,
    heartbeatMs: 15_000,
    recheckMs: 5_000,
    stallMs: 60_000,
  },
  jobs: { enabled: true, leaderPollMs: 5_000, statusPurgeIntervalMs: 3_600_000 },
  federation: { pullIntervalMs: 60_000 },
  pcii: {},
};

/** Environment variables and the key each sets. Only `config/` reads the environment. */
export const ENV_KEYS: Readonly<Record<string, string>> = {
  CAIRN_DATA: 'dataDir',
  CAIRN_HOST: 'host',
  CAIRN_PORT: 'port',
  CAIRN_DATABASE_URL: 'databaseUrl',
  CAIRN_ADMIN_PASSWORD: 'adminPassword',
  CAIRN_LOG_LEVEL: 'logLevel',
  CAIRN_HUB_TITLE: 'hub.title',
  CAIRN_TAXII_MAX_PAGE_SIZE: 'taxii.maxPageSize',
  CAIRN_TAXII_MAX_CONTENT_LENGTH: 'taxii.maxContentLength',
  CAIRN_AUTH_HIDE_UNAUTHENTICATED: 'auth.hideUnauthenticated',
  CAIRN_TLS_CERT: 'tls.certFile',
  CAIRN_TLS_KEY: 'tls.keyFile',
  CAIRN_TLS_CLIENT_CA: 'tls.clientCaFile',
  CAIRN_TLS_CLIENT_CERTIFICATES: 'tls.clientCertificates',
  CAIRN_LIMITS_PER_PRINCIPAL: 'limits.requestsPerSecondPerPrincipal',
  CAIRN_LIMITS_PER_ADDRESS: 'limits.requestsPerSecondPerAddress',
  CAIRN_LIMITS_BURST_SECONDS: 'limits.burstSeconds',
  CAIRN_TAXII_STATUS_RETENTION_HOURS: 'taxii.statusRetentionHours',
  CAIRN_DATABASE_CONNECT_TIMEOUT_MS: 'database.connectTimeoutMs',
  CAIRN_DATABASE_STATEMENT_TIMEOUT_MS: 'database.statementTimeoutMs',
  CAIRN_DATABASE_MIGRATE_ON_START: 'database.migrateOnStart',
  CAIRN_HTTP_TRUSTED_PROXIES: 'http.trustedProxies',
  CAIRN_STREAMS_MAX_PER_PRINCIPAL: 'streams.maxPerPrincipal',
  CAIRN_STREAMS_MAX_CONNECTIONS: 'streams.maxConnections',
  CAIRN_JOBS_ENABLED: 'jobs.enabled',
  CAIRN_JOBS_LEADER_POLL_MS: 'jobs.leaderPollMs',
  CAIRN_JOBS_STATUS_PURGE_INTERVAL_MS: 'jobs.statusPurgeIntervalMs',
  CAIRN_FEDERATION_PULL_INTERVAL_MS: 'federation.pullIntervalMs',
  CAIRN_PCII_KEY: 'pcii.key',
  CAIRN_PCII_KEY_FILE: 'pcii.keyFile',
};

/** Keys whose values are secrets: never logged, redacted in dumps. */
export const SECRET_KEYS: ReadonlySet<string> = new Set(['adminPassword', 'databaseUrl', 'pcii.key']);
