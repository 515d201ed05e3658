import { HubError } from '../core/index.js';

/**
 * The subset of JSON Schema (2020-12, as OpenAPI 3.1 uses it) that Cairn's own API declares
 * its inputs with. One declaration serves twice: `checkInput` validates a request against
 * it, and the OpenAPI document embeds it unchanged, so the two cannot drift.
 */
export type InputSchema = StringSchema | IntegerSchema | BooleanSchema | ArraySchema | ObjectSchema;

export interface StringSchema {
  readonly type: 'string';
  readonly minLength?: number;
  readonly maxLength: number;
  readonly pattern?: string;
  readonly enum?: readonly string[];
  readonly format?: 'date-time';
  readonly description?: string;
}
export interface IntegerSchema {
  readonly type: 'integer';
  readonly minimum: number;
  readonly maximum: number;
  readonly description?: string;
}
export interface BooleanSchema {
  readonly type: 'boolean';
  readonly description?: string;
}
export interface ArraySchema {
  readonly type: 'array';
  readonly items: InputSchema;
  readonly maxItems: number;
  readonly description?: string;
}
export interface ObjectSchema {
  readonly type: 'object';
  readonly properties: Readonly<Record<string, InputSchema>>;
  readonly required?: readonly string[];
  /** Always false for inputs: an unknown field is a mistake worth reporting. */
  readonly additionalProperties: false;
  readonly description?: string;
}

/**
 * Checks `value` against `schema` and returns it typed as the caller expects.
 * @throws HubError CAIRN_INVALID_INPUT whose `details.field` names the first bad field
 *   (a dotted path such as `policy.max_object_bytes` or `read[2]`).
 */
export function checkInput<T>(schema: InputSchema, value: unknown, field = ''): T {
  check(schema, value, field);
  return value as T;
}

function check(schema: InputSchema, value: unknown, field: string): void {
  if (schema.type === 'array' && Array.isArray(value)) {
    if (value.length > schema.maxItems) throw bad(field, `must have at most ${schema.maxItems} items`);
    value.forEach((item, i) => {
      check(schema.items, item, `${field}[${i}]`);
    });
  } else if (
    schema.type === 'object' &&
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value)
  ) {
    checkObject(schema, value as Record<string, unknown>, field);
  } else {
    const problem = scalarProblem(schema, value);
    if (problem !== undefined) throw bad(field, problem);
  }
}

function checkObject(schema: ObjectSchema, value: Record<string, unknown>, field: string): void {
  const at = (key: string) => (field === '' ? key : `${field}.${key}`).slice(0, 100);
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(schema.properties, key)) {
      throw new HubError('CAIRN_INVALID_INPUT', `Unknown field "${at(key)}"`, {
        details: { field: at(key) },
      });
    }
  }
  for (const key of schema.required ?? []) {
    if (value[key] === undefined) {
      throw new HubError('CAIRN_INVALID_INPUT', `"${at(key)}" is required`, { details: { field: at(key) } });
    }
  }
  for (const [key, sub] of Object.entries(schema.properties)) {
    if (value[key] !== undefined) check(sub, value[key], at(key));
  }
}

/** What is wrong with a value of a scalar schema (or of the wrong kind altogether), if anything. */
function scalarProblem(schema: InputSchema, value: unknown): string | undefined {
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') return 'must be a string';
      if (value.length < (schema.minLength ?? 0)) return `must have at least ${schema.minLength} characters`;
      if (value.length > schema.maxLength) return `must have at most ${schema.maxLength} characters`;
      if (schema.enum !== undefined && !schema.enum.includes(value))
        return `must be one of ${schema.enum.join(', ')}`;
      if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value))
        return `must match ${schema.pattern}`;
      if (schema.format === 'date-time' && !RFC3339.test(value)) return 'must be an RFC 3339 timestamp';
      return undefined;
    case 'integer':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) return 'must be a whole number';
      if (value < schema.minimum || value > schema.maximum)
        return `must be between ${schema.minimum} and ${schema.maximum}`;
      return undefined;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'array':
      return 'must be a list';
    case 'object':
      return 'must be an object';
  }
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function bad(field: string, problem: string): HubError {
  const name = field === '' ? 'The body' : `"${field}"`;
  return new HubError('CAIRN_INVALID_INPUT', `${name} ${problem}`, { details: { field: field || '(body)' } });
}
