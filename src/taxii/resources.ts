/**
 * TAXII 2.1 resources as they travel on the wire (§3.6.1, §3.7, §4, §5). Property names are
 * the specification's, so these types are also what the web console may `import type`.
 */
export interface Discovery {
  readonly title: string;
  readonly description?: string;
  readonly contact?: string;
  readonly default?: string;
  readonly api_roots?: readonly string[];
}

export interface ApiRootResource {
  readonly title: string;
  readonly description?: string;
  readonly versions: readonly string[];
  readonly max_content_length: number;
}

export interface CollectionResource {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly alias?: string;
  readonly can_read: boolean;
  readonly can_write: boolean;
  readonly media_types: readonly string[];
}

export interface StatusDetailResource {
  readonly id: string;
  readonly version: string;
  readonly message?: string;
}

export interface StatusResource {
  readonly id: string;
  readonly status: 'pending' | 'complete';
  readonly request_timestamp?: string;
  readonly total_count: number;
  readonly success_count: number;
  readonly failure_count: number;
  readonly pending_count: number;
  readonly successes?: readonly StatusDetailResource[];
  readonly failures?: readonly StatusDetailResource[];
  readonly pendings?: readonly StatusDetailResource[];
}

export interface ManifestRecord {
  readonly id: string;
  readonly date_added: string;
  readonly version: string;
  readonly media_type: string;
}

export interface ErrorResource {
  readonly title: string;
  readonly description?: string;
  readonly error_id?: string;
  readonly error_code?: string;
  readonly http_status?: string;
  readonly external_details?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** What a TAXII use case answers: the HTTP layer writes it as is. */
export interface TaxiiResponse {
  readonly status: number;
  /** Serialised JSON, or empty for bodiless answers (DELETE). */
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}
