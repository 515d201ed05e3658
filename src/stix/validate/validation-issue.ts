/**
 * Public result and option types of the validator, and the issue collector every check
 * writes to.
 */
import { RULES, type RuleCode } from './rule-codes.js';

/** One problem found in a STIX object. */
export interface ValidationIssue {
  readonly severity: 'error' | 'warning';
  /** Stable rule code, documented in docs/validation.md (e.g. `required-property`). */
  readonly code: string;
  /** JSON path inside the object, e.g. `$.external_references[0].url`. */
  readonly path: string;
  readonly message: string;
  /** The `id` of the object the issue is about, when it has a usable one. */
  readonly objectId?: string;
  /** The checklist item (`../shared/spec/stix21-checklist.md`) the rule enforces, e.g. `S042`. */
  readonly checklist?: string;
}

/** Per-collection validation policy. */
export interface ValidationOptions {
  /** Accept §11 custom object types (default true). */
  readonly allowCustomObjects?: boolean;
  /** Accept §11 custom properties and custom extensions (default true). */
  readonly allowCustomProperties?: boolean;
  /** Every object must carry `object_marking_refs` or `granular_markings` (default false). */
  readonly requireMarkings?: boolean;
  /** Every SDO, SRO and meta object must carry `created_by_ref` (default false). */
  readonly requireCreatedByRef?: boolean;
  /** Maximum serialised size of one object in UTF-8 bytes (default unlimited). */
  readonly maxObjectBytes?: number;
  /** Report warnings as errors (default false). */
  readonly strict?: boolean;
  /**
   * Syntax check for indicator patterns with `pattern_type: "stix"`; injected by the caller so
   * that `stix/` does not depend on `pattern/`.
   */
  readonly checkPattern?: (pattern: string) => readonly { message: string; code?: string }[];
}

/** Collects issues for one object; every check reports through it. */
export class IssueSink {
  readonly issues: ValidationIssue[] = [];
  objectId: string | undefined;
  readonly strict: boolean;
  errorCount = 0;

  constructor(
    readonly options: ValidationOptions,
    objectId?: string,
  ) {
    this.strict = options.strict === true;
    this.objectId = objectId;
  }

  /** Reports a finding of rule `code` at `path`. */
  report(code: RuleCode, path: string, message: string, checklist?: string): void {
    const rule = RULES[code];
    const severity = this.strict ? 'error' : rule.severity;
    if (severity === 'error') this.errorCount++;
    // Hostile input (a list of a million wrong values) must not produce a million reports.
    if (this.issues.length >= MAX_ISSUES) return;
    const issue: {
      severity: 'error' | 'warning';
      code: string;
      path: string;
      message: string;
      objectId?: string;
      checklist?: string;
    } = { severity, code, path, message, checklist: checklist ?? rule.checklist };
    if (this.objectId !== undefined) issue.objectId = this.objectId;
    this.issues.push(issue);
  }
}

/** Appends `.name` (or `['name']` when not a plain identifier) to a JSON path. */
export function childPath(path: string, name: string): string {
  return SIMPLE_KEY.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name)}]`;
}

/** Appends `[index]` to a JSON path. */
export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** Issues kept per object; further findings are counted (validity) but not listed. */
const MAX_ISSUES = 1000;
const SIMPLE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True when `value` is a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own-property lookup that ignores the prototype chain (`__proto__`, `constructor`…). */
export function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Quotes a value for a message, truncated so hostile input cannot blow up reports. */
export function quote(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : String(JSON.stringify(value));
  } catch {
    text = '[unprintable]';
  }
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}
