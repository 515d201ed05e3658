import { TLP_LEVELS, type TlpLevel } from '../core/index.js';
import { TLP2_MARKING_IDS } from './tlp.js';

/** The extension definition TLP 2.0 markings are defined by (checklist §17). */
export const TLP2_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

const TLP2_NAMES: Readonly<Record<TlpLevel, string>> = {
  clear: 'TLP:CLEAR',
  green: 'TLP:GREEN',
  amber: 'TLP:AMBER',
  'amber+strict': 'TLP:AMBER+STRICT',
  red: 'TLP:RED',
};

// STIX 2.1 §7.2.1.4: the four fixed TLP 1.0 objects (checklist S122).
const TLP1: readonly [string, string][] = [
  ['marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9', 'white'],
  ['marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da', 'green'],
  ['marking-definition--f88d31f6-486f-44da-b317-01333bde0b82', 'amber'],
  ['marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed', 'red'],
];

const DEFINITIONS: ReadonlyMap<string, Record<string, unknown>> = new Map<string, Record<string, unknown>>([
  ...TLP_LEVELS.map((level) => {
    const id = TLP2_MARKING_IDS[level];
    const object = {
      type: 'marking-definition',
      spec_version: '2.1',
      id,
      created: '2022-10-01T00:00:00.000Z',
      name: TLP2_NAMES[level],
      extensions: { [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: level } },
    };
    return [id, object] as const;
  }),
  ...TLP1.map(([id, tlp]) => {
    const object = {
      type: 'marking-definition',
      spec_version: '2.1',
      id,
      created: '2017-01-20T00:00:00.000Z',
      definition_type: 'tlp',
      name: `TLP:${tlp.toUpperCase()}`,
      definition: { tlp },
    };
    return [id, object] as const;
  }),
]);

/**
 * The TLP marking-definition object for a TLP 1.0 or 2.0 id, so that a collection can serve
 * the definitions its content references (DESIGN.md §7); undefined for other ids.
 */
export function tlpMarkingObject(id: string): Readonly<Record<string, unknown>> | undefined {
  return DEFINITIONS.get(id);
}
