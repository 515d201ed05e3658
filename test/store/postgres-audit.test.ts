import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/audit/index.js';
import { openPostgresStore } from '../../src/store/postgres/open-postgres-store.js';

/** The PostgreSQL audit table's triggers (the behaviour through the port is in the contract). */
const url = process.env.TEST_PG_URL;

if (url === undefined || url === '') {
  describe('postgres audit log', () => {
    it('requires TEST_PG_URL (the PostgreSQL audit test did NOT run)', () => {
      expect(process.env.CI ?? '', 'CI is set but TEST_PG_URL is not').toBe('');
    });
  });
} else
  describe('postgres audit log', () => {
    const admin = new pg.Pool({ connectionString: url, max: 1 });
    const schema = `cairn_test_${randomBytes(6).toString('hex')}`;
    afterAll(async () => {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    });

    it('refuses UPDATE, DELETE and TRUNCATE of audit rows through raw SQL; verify catches a dropped trigger', async () => {
      const store = await openPostgresStore({ url: url as string, schema, migrate: 'auto', poolSize: 1 });
      try {
        const draft = {
          at: 1,
          event: 'user.add',
          actor: { kind: 'operator' as const },
          target: {},
          details: {},
        };
        await store.audit.append([draft, { ...draft, event: 'user.remove' }]);
        const t = `${schema}.audit_log`;
        await expect(admin.query(`UPDATE ${t} SET details = '{}' WHERE seq = 1`)).rejects.toThrow(
          /append-only/,
        );
        await expect(admin.query(`DELETE FROM ${t} WHERE seq = 2`)).rejects.toThrow(/append-only/);
        await expect(admin.query(`TRUNCATE ${t}`)).rejects.toThrow(/append-only/);
        await admin.query(`DROP TRIGGER audit_log_no_change ON ${t}`);
        await admin.query(`UPDATE ${t} SET event = 'user.rename' WHERE seq = 2`);
        expect(verifyChain(await store.audit.list())).toMatchObject({ ok: false, seq: 2, reason: 'changed' });
      } finally {
        await store.close();
      }
    });
  });
