/**
 * Which STIX version an object (or bundle) is written in (checklist B5, B6).
 */
import { OBJECT_CATALOG } from '../catalog/object-catalog.js';
import { declaredCategory } from './resolve-object-spec.js';
import { isRecord, own } from './validation-issue.js';

/**
 * Detects the STIX version of an object or bundle: its `spec_version` when it is `"2.0"` or
 * `"2.1"`; otherwise `2.1` for SCOs (whose `spec_version` defaults to 2.1, S026) and 2.1
 * bundles (which have no `spec_version`, S137), and `2.0` for any other object without
 * `spec_version` (STIX 2.0 SDOs and SROs had none, B5). Returns undefined for non-objects and
 * for other `spec_version` values.
 */
export function detectSpecVersion(object: unknown): '2.0' | '2.1' | undefined {
  if (!isRecord(object)) return undefined;
  const version = own(object, 'spec_version');
  if (version === '2.1' || version === '2.0') return version;
  if (version !== undefined) return undefined;
  const type = own(object, 'type');
  if (typeof type !== 'string') return undefined;
  if (type === 'bundle') return '2.1';
  const category = OBJECT_CATALOG.get(type)?.category ?? declaredCategory(object);
  if (category === 'sco') return '2.1';
  // §11 custom SCOs carry neither created nor modified; only SDO-shaped objects are 2.0.
  if (category === undefined && !Object.hasOwn(object, 'created') && !Object.hasOwn(object, 'modified')) {
    return '2.1';
  }
  return '2.0';
}
