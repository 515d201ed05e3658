/**
 * Validation throughput: objects/s and MB/s of `validateBundle` on ATT&CK Enterprise 18.1 and
 * on generated indicators. The JSON is parsed once up front: only validation is timed.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { validateBundle } from '../src/stix/index.js';

const ATTACK = fileURLToPath(
  new URL('../../shared/corpus/attack/enterprise-attack-18.1.json.gz', import.meta.url),
);

interface Measurement {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

function indicators(count: number): unknown[] {
  const objects: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const hex = i.toString(16).padStart(12, '0');
    objects.push({
      type: 'indicator',
      spec_version: '2.1',
      id: `indicator--${hex.slice(0, 8)}-1111-4222-8333-${hex.padStart(12, '0')}`,
      created: '2024-01-01T00:00:00.000Z',
      modified: '2024-01-01T00:00:00.000Z',
      name: `Malicious IP ${i}`,
      description: 'Generated indicator',
      indicator_types: ['malicious-activity'],
      pattern: `[ipv4-addr:value = '10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}']`,
      pattern_type: 'stix',
      valid_from: '2024-01-01T00:00:00Z',
      object_marking_refs: ['marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da'],
    });
  }
  return objects;
}

function measure(name: string, bundle: { objects: unknown[] }, bytes: number, rounds: number): Measurement[] {
  validateBundle(bundle); // warm-up
  const started = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) {
    const result = validateBundle(bundle);
    if (result.objects.length !== bundle.objects.length) throw new Error('Unexpected result size');
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const objects = (bundle.objects.length * rounds) / seconds;
  const mb = (bytes * rounds) / 1e6 / seconds;
  return [
    {
      name: `validate ${name}`,
      value: Math.round(objects),
      unit: 'objects/s',
      note: `${bundle.objects.length} objects x ${rounds}`,
    },
    {
      name: `validate ${name}`,
      value: Math.round(mb * 10) / 10,
      unit: 'MB/s',
      note: `${(bytes / 1e6).toFixed(1)} MB of JSON`,
    },
  ];
}

/** Runs the validation benchmarks (`quick` uses fewer rounds and indicators). */
export async function run(options: { quick?: boolean } = {}): Promise<Measurement[]> {
  const quick = options.quick === true;
  const text = gunzipSync(readFileSync(ATTACK)).toString('utf8');
  const attack = JSON.parse(text) as { objects: unknown[] };
  const generated = {
    type: 'bundle',
    id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d',
    objects: indicators(quick ? 10_000 : 100_000),
  };
  const generatedBytes = Buffer.byteLength(JSON.stringify(generated));
  return [
    ...measure('ATT&CK Enterprise 18.1', attack, Buffer.byteLength(text), quick ? 1 : 3),
    ...measure(`${generated.objects.length} generated indicators`, generated, generatedBytes, quick ? 1 : 3),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const m of await run({ quick: process.argv.includes('--quick') }))
    console.log(`${m.name}: ${m.value} ${m.unit} (${m.note ?? ''})`);
}
