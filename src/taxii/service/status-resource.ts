import { formatMicros } from '../../stix/index.js';
import type { StatusDetail, StatusRecord } from '../../store/store.js';
import type { StatusResource } from '../resources.js';

/** TAXII 2.1 §4.3.1: counts always integers (checklist pitfall 7), empty lists omitted (T056). */
export function toStatusResource(record: StatusRecord): StatusResource {
  const list = (key: string, items: readonly StatusDetail[]) => (items.length === 0 ? {} : { [key]: items });
  return {
    id: record.id,
    status: record.status,
    request_timestamp: formatMicros(record.requestTimestamp),
    total_count: record.totalCount,
    success_count: record.successes.length,
    failure_count: record.failures.length,
    pending_count: record.pendings.length,
    ...list('successes', record.successes),
    ...list('failures', record.failures),
    ...list('pendings', record.pendings),
  };
}
