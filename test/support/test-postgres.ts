import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The PostgreSQL server tests run against: `TEST_DATABASE_URL` (`.ci/run` starts a throwaway cluster and
 * sets it). Without it the PostgreSQL tests are reported as skipped with `postgresSkipReason`.
 */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;

export const postgresSkipReason = testDatabaseUrl
  ? undefined
  : 'TEST_DATABASE_URL is not set (`.ci/run` starts a throwaway PostgreSQL server and sets it)';

let admin: pg.Pool | undefined;

/**
 * A new, empty schema on the test server, and a URL whose connections use it (`search_path`), so every
 * test has its own tables and tests running side by side never see each other's rows.
 */
export async function freshSchemaUrl(prefix = 't'): Promise<string> {
  if (!testDatabaseUrl) throw new Error(postgresSkipReason);
  admin ??= new pg.Pool({ connectionString: testDatabaseUrl, max: 2, allowExitOnIdle: true });
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(testDatabaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}
