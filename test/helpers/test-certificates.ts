import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A certificate and its key, as files and as bytes. */
export interface IssuedCertificate {
  readonly certFile: string;
  readonly keyFile: string;
  readonly cert: Buffer;
  readonly key: Buffer;
  /** What `openssl x509 -noout -fingerprint -sha256` prints, e.g. `sha256 Fingerprint=AB:…`. */
  readonly opensslFingerprint: string;
}

/** A certificate authority that signs certificates for tests. */
export interface TestCa {
  readonly caFile: string;
  readonly ca: Buffer;
  /** A certificate for `name` (for a server, `IP:127.0.0.1` is its subject alternative name). */
  issue(name: string): IssuedCertificate;
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/**
 * Certificates made with the real openssl, as an operator would (the approach of
 * test/http/tls-and-limits.test.ts): a self-signed CA in `dir`, then certificates it signs.
 * EC P-256 keys keep generation fast.
 */
export function createTestCa(dir: string, caName: string): TestCa {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' }).toString();
  run(
    'req',
    '-x509',
    ...EC_KEY,
    '-keyout',
    `${caName}.key`,
    '-out',
    `${caName}.pem`,
    '-days',
    '2',
    '-subj',
    `/CN=${caName}`,
  );
  return {
    caFile: join(dir, `${caName}.pem`),
    ca: readFileSync(join(dir, `${caName}.pem`)),
    issue(name) {
      run('req', ...EC_KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
      writeFileSync(join(dir, `${name}.ext`), 'subjectAltName=IP:127.0.0.1\n');
      run(
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        `${caName}.pem`,
        '-CAkey',
        `${caName}.key`,
        '-CAcreateserial',
        '-out',
        `${name}.pem`,
        '-days',
        '2',
        '-extfile',
        `${name}.ext`,
      );
      const certFile = join(dir, `${name}.pem`);
      const keyFile = join(dir, `${name}.key`);
      return {
        certFile,
        keyFile,
        cert: readFileSync(certFile),
        key: readFileSync(keyFile),
        opensslFingerprint: run('x509', '-in', `${name}.pem`, '-noout', '-fingerprint', '-sha256').trim(),
      };
    },
  };
}
