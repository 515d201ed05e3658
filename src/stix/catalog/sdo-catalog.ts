/**
 * The 19 STIX Domain Objects of STIX 2.1 §4 (checklist S065–S083).
 */
import { SDO_COMMON } from './common-properties.js';
import type { ObjectSpec } from './property-spec.js';
import {
  atLeastOne,
  BOOLEAN,
  DICTIONARY,
  deprecated,
  en,
  exclusive,
  float,
  int,
  KILL_CHAIN_PHASES,
  list,
  objectSpec,
  order,
  ov,
  type PropertyTable,
  ref,
  refs,
  req,
  requires,
  STRING,
  STRINGS,
  TIMESTAMP,
} from './spec-builders.js';

function sdo(
  type: string,
  checklist: string,
  own: PropertyTable,
  extra: Parameters<typeof objectSpec>[5] = {},
) {
  return objectSpec(type, 'sdo', checklist, SDO_COMMON, own, extra);
}

const NAME = req(STRING);
const SEEN = { first_seen: TIMESTAMP, last_seen: TIMESTAMP };
const motivations = {
  resource_level: ov('attack-resource-level-ov'),
  primary_motivation: ov('attack-motivation-ov'),
  secondary_motivations: list(ov('attack-motivation-ov')),
};
/** S072–S075, S081: `last_seen` ≥ `first_seen`. */
function seenOrder(checklist: string) {
  return order(checklist, 'first_seen', 'last_seen');
}

/** Every spec-defined SDO type, in §4 order. */
export const SDO_SPECS: readonly ObjectSpec[] = [
  sdo('attack-pattern', 'S065', {
    name: NAME,
    description: STRING,
    aliases: STRINGS,
    kill_chain_phases: KILL_CHAIN_PHASES,
  }),
  sdo(
    'campaign',
    'S066',
    { name: NAME, description: STRING, aliases: STRINGS, ...SEEN, objective: STRING },
    { constraints: [seenOrder('S066')] },
  ),
  sdo('course-of-action', 'S067', { name: NAME, description: STRING }),
  sdo('grouping', 'S068', {
    name: STRING,
    description: STRING,
    context: req(ov('grouping-context-ov')),
    object_refs: req(refs()),
  }),
  sdo('identity', 'S069', {
    name: NAME,
    description: STRING,
    roles: STRINGS,
    identity_class: ov('identity-class-ov'),
    sectors: list(ov('industry-sector-ov')),
    contact_information: STRING,
  }),
  sdo('incident', 'S070', { name: NAME, description: STRING }),
  sdo(
    'indicator',
    'S071',
    {
      name: STRING,
      description: STRING,
      indicator_types: list(ov('indicator-type-ov')),
      pattern: req(STRING),
      pattern_type: req(ov('pattern-type-ov')),
      pattern_version: STRING,
      valid_from: req(TIMESTAMP),
      valid_until: TIMESTAMP,
      kill_chain_phases: KILL_CHAIN_PHASES,
    },
    { constraints: [order('S071', 'valid_from', 'valid_until', true)] },
  ),
  sdo(
    'infrastructure',
    'S072',
    {
      name: NAME,
      description: STRING,
      infrastructure_types: list(ov('infrastructure-type-ov')),
      aliases: STRINGS,
      kill_chain_phases: KILL_CHAIN_PHASES,
      ...SEEN,
    },
    { constraints: [seenOrder('S072')] },
  ),
  sdo(
    'intrusion-set',
    'S073',
    { name: NAME, description: STRING, aliases: STRINGS, ...SEEN, goals: STRINGS, ...motivations },
    { constraints: [seenOrder('S073')] },
  ),
  sdo(
    'location',
    'S074',
    {
      name: STRING,
      description: STRING,
      latitude: float(-90, 90),
      longitude: float(-180, 180),
      precision: float(0, Number.MAX_VALUE),
      region: ov('region-ov'),
      country: STRING,
      administrative_area: STRING,
      city: STRING,
      street_address: STRING,
      postal_code: STRING,
    },
    {
      constraints: [
        atLeastOne('S074', 'region', 'country', 'latitude'),
        requires('S074', 'latitude', 'longitude'),
        requires('S074', 'longitude', 'latitude'),
        requires('S074', 'precision', 'latitude', 'longitude'),
      ],
    },
  ),
  sdo(
    'malware',
    'S075',
    {
      name: STRING,
      description: STRING,
      malware_types: list(ov('malware-type-ov')),
      is_family: req(BOOLEAN),
      aliases: STRINGS,
      kill_chain_phases: KILL_CHAIN_PHASES,
      ...SEEN,
      operating_system_refs: refs('software'),
      architecture_execution_envs: list(ov('processor-architecture-ov')),
      implementation_languages: list(ov('implementation-language-ov')),
      capabilities: list(ov('malware-capabilities-ov')),
      sample_refs: refs('file', 'artifact'),
    },
    { constraints: [seenOrder('S075')] },
  ),
  sdo(
    'malware-analysis',
    'S076',
    {
      product: req(STRING),
      version: STRING,
      host_vm_ref: ref('software'),
      operating_system_ref: ref('software'),
      installed_software_refs: refs('software'),
      configuration_version: STRING,
      modules: STRINGS,
      analysis_engine_version: STRING,
      analysis_definition_version: STRING,
      submitted: TIMESTAMP,
      analysis_started: TIMESTAMP,
      analysis_ended: TIMESTAMP,
      result_name: STRING,
      result: ov('malware-result-ov'),
      analysis_sco_refs: refs('@sco'),
      sample_ref: ref('file', 'network-traffic', 'artifact'),
    },
    { constraints: [atLeastOne('S076', 'result', 'analysis_sco_refs')] },
  ),
  sdo('note', 'S077', { abstract: STRING, content: req(STRING), authors: STRINGS, object_refs: req(refs()) }),
  sdo(
    'observed-data',
    'S078',
    {
      first_observed: req(TIMESTAMP),
      last_observed: req(TIMESTAMP),
      number_observed: req(int(1, 999_999_999)),
      // S021: the deprecated observable container; its SCOs are checked by validate-observed-data.
      objects: deprecated(DICTIONARY),
      object_refs: refs('@sco', 'relationship'),
    },
    {
      constraints: [
        order('S078', 'first_observed', 'last_observed'),
        atLeastOne('S078', 'objects', 'object_refs'),
        exclusive('S078', 'objects', 'object_refs'),
      ],
    },
  ),
  sdo('opinion', 'S079', {
    explanation: STRING,
    authors: STRINGS,
    opinion: req(en('opinion-enum')),
    object_refs: req(refs()),
  }),
  sdo('report', 'S080', {
    name: NAME,
    description: STRING,
    report_types: list(ov('report-type-ov')),
    published: req(TIMESTAMP),
    object_refs: req(refs()),
  }),
  sdo(
    'threat-actor',
    'S081',
    {
      name: NAME,
      description: STRING,
      threat_actor_types: list(ov('threat-actor-type-ov')),
      aliases: STRINGS,
      ...SEEN,
      roles: list(ov('threat-actor-role-ov')),
      goals: STRINGS,
      sophistication: ov('threat-actor-sophistication-ov'),
      ...motivations,
      personal_motivations: list(ov('attack-motivation-ov')),
    },
    { constraints: [seenOrder('S081')] },
  ),
  sdo('tool', 'S082', {
    name: NAME,
    description: STRING,
    tool_types: list(ov('tool-type-ov')),
    aliases: STRINGS,
    kill_chain_phases: KILL_CHAIN_PHASES,
    tool_version: STRING,
  }),
  sdo('vulnerability', 'S083', { name: NAME, description: STRING }),
];
