/**
 * Marking definitions (§7.2.1; checklist S119–S122, §17 TLP 2.0): statement and TLP 1.0
 * definitions, the fixed TLP 1.0 and TLP 2.0 objects, and self-references (S036, S037).
 */
import { reportType } from './check-formats.js';
import { checkMarkingSelfReference } from './validate-granular-markings.js';
import { childPath, type IssueSink, isRecord, own, quote } from './validation-issue.js';

// S122: the four TLP 1.0 marking definitions.
const TLP1_IDS: ReadonlyMap<string, string> = new Map([
  ['white', 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9'],
  ['green', 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da'],
  ['amber', 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82'],
  ['red', 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed'],
]);

/** Checklist §17: the TLP 2.0 extension definition and its five fixed marking definitions. */
export const TLP2_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';
const TLP2: ReadonlyMap<string, { readonly id: string; readonly name: string }> = new Map([
  ['clear', { id: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487', name: 'TLP:CLEAR' }],
  ['green', { id: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb', name: 'TLP:GREEN' }],
  ['amber', { id: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421', name: 'TLP:AMBER' }],
  [
    'amber+strict',
    { id: 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003', name: 'TLP:AMBER+STRICT' },
  ],
  ['red', { id: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1', name: 'TLP:RED' }],
]);

/** Checks the marking-definition rules of `object`. */
export function validateMarkingDefinition(object: Record<string, unknown>, sink: IssueSink): void {
  const id = own(object, 'id');
  checkMarkingSelfReference(object, id, sink);
  const definitionType = own(object, 'definition_type');
  const definition = own(object, 'definition');
  if (!Object.hasOwn(object, 'extensions')) {
    // S120: without extensions, the deprecated definition_type and definition are both required.
    if (definitionType === undefined)
      sink.report(
        'required-property',
        '$.definition_type',
        'Property "definition_type" is required when "extensions" is absent',
        'S120',
      );
    if (definition === undefined)
      sink.report(
        'required-property',
        '$.definition',
        'Property "definition" is required when "extensions" is absent',
        'S120',
      );
  }
  if (definitionType === 'statement') checkStatement(definition, sink);
  else if (definitionType === 'tlp') checkTlp1(definition, id, sink);
  else if (typeof definitionType === 'string') {
    sink.report(
      'open-vocabulary',
      '$.definition_type',
      `Property "definition_type" should be "statement" or "tlp", got ${quote(definitionType)}`,
      'S120',
    );
  }
  if (definitionType !== undefined && definition === undefined) {
    sink.report(
      'marking-definition',
      '$.definition',
      'Property "definition" is required with "definition_type"',
    );
  } else if (definition !== undefined && definitionType === undefined) {
    sink.report(
      'marking-definition',
      '$.definition_type',
      'Property "definition_type" is required with "definition"',
    );
  }
  checkTlp2(object, id, sink);
}

/** S121: `{ "statement": "<text>" }`. */
function checkStatement(definition: unknown, sink: IssueSink): void {
  if (!isRecord(definition)) {
    if (definition !== undefined) reportType(sink, '$.definition', 'a statement object', definition);
    return;
  }
  const statement = own(definition, 'statement');
  if (statement === undefined)
    sink.report(
      'marking-definition',
      '$.definition.statement',
      'Property "statement" is required in a statement marking',
      'S121',
    );
  else if (typeof statement !== 'string') reportType(sink, '$.definition.statement', 'a string', statement);
}

/** S122: TLP 1.0 markings are exactly the four fixed objects. */
function checkTlp1(definition: unknown, id: unknown, sink: IssueSink): void {
  if (!isRecord(definition)) {
    if (definition !== undefined) reportType(sink, '$.definition', 'a TLP object', definition);
    return;
  }
  const level = own(definition, 'tlp');
  const expectedId = typeof level === 'string' ? TLP1_IDS.get(level) : undefined;
  if (expectedId === undefined) {
    sink.report(
      'tlp-marking',
      '$.definition.tlp',
      `Property "tlp" must be one of "white", "green", "amber", "red", got ${quote(level)}`,
    );
  } else if (id !== expectedId) {
    sink.report(
      'tlp-marking',
      '$.id',
      `A TLP:${String(level).toUpperCase()} marking must be the predefined "${expectedId}", got ${quote(id)}`,
    );
  }
}

/** Checklist §17: the TLP 2.0 extension entry matches one of the five fixed objects. */
function checkTlp2(object: Record<string, unknown>, id: unknown, sink: IssueSink): void {
  const extensions = own(object, 'extensions');
  if (!isRecord(extensions)) return;
  const entry = own(extensions, TLP2_EXTENSION_ID);
  if (!isRecord(entry)) return;
  const path = childPath('$.extensions', TLP2_EXTENSION_ID);
  const level = own(entry, 'tlp_2_0');
  const expected = typeof level === 'string' ? TLP2.get(level) : undefined;
  if (expected === undefined) {
    sink.report(
      'tlp-marking',
      childPath(path, 'tlp_2_0'),
      `Property "tlp_2_0" must be one of "clear", "green", "amber", "amber+strict", "red", got ${quote(level)}`,
      'S122',
    );
    return;
  }
  if (id !== expected.id) {
    sink.report(
      'tlp-marking',
      '$.id',
      `A ${expected.name} marking must be the predefined "${expected.id}", got ${quote(id)}`,
      'S122',
    );
  }
  if (own(object, 'name') !== expected.name) {
    sink.report(
      'tlp-marking',
      '$.name',
      `A TLP 2.0 marking with "tlp_2_0": ${quote(level)} must be named "${expected.name}"`,
      'S122',
    );
  }
}
