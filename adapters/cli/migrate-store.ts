import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { redactUrl } from '../../src/store/redact-url.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import type { Store, StoreCounts } from '../../src/store/store.js';
import { CliError, readCliConfig } from './context.js';
import type { Flags } from './main.js';

/** One side of a move: what to call it, and how to open it. */
interface Endpoint {
  label: string;
  /** A SQLite file, which must exist to be moved from. */
  file?: string;
  open(): Promise<Store>;
}

/** `sqlite` (the file in DATA_DIR), `sqlite:PATH`, or a PostgreSQL URL. */
const endpointSchema = (dataDir: string) =>
  z.union([
    z.literal('sqlite').transform((): Endpoint => sqliteEndpoint(resolve(SqliteStore.fileIn(dataDir)))),
    z
      .string()
      .regex(/^sqlite:.+/)
      .transform((v): Endpoint => sqliteEndpoint(resolve(v.slice('sqlite:'.length)))),
    z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/)
      .transform(
        (url): Endpoint => ({
          label: redactUrl(url),
          open: async () => {
            const { PostgresStore } = await import('../../src/store/postgres-store.js');
            return await PostgresStore.open(url);
          },
        }),
      ),
  ]);

const sqliteEndpoint = (file: string): Endpoint => ({ label: file, file, open: async () => new SqliteStore(file) });

const USAGE =
  'migrate-store --from sqlite --to "$DATABASE_URL" (either side: sqlite, sqlite:PATH or a postgres:// URL; --to defaults to DATABASE_URL)';

const LABELS: Record<keyof StoreCounts, string> = {
  handledEvents: 'handled events',
  subscriptions: 'subscriptions',
  deliveries: 'reminder deliveries',
  receipts: 'receipts (已阅/已完成)',
  feedback: 'votes',
  unanswered: 'unanswered questions',
};

/**
 * `directive-bot migrate-store --from sqlite --to "$DATABASE_URL"`: copies every row of one store into
 * another, in one transaction. Rows already there are kept, so running it twice (or after the replicas
 * have started on the new database) adds only what is missing. Stop `serve` on the old store first.
 */
export async function runMigrateStore(flags: Flags, _args: string[]): Promise<void> {
  const config = readCliConfig(flags);
  const from = parseEndpoint('--from', flags.from, config.dataDir);
  const to = parseEndpoint('--to', flags.to ?? config.databaseUrl, config.dataDir);
  if (from.label === to.label) throw new CliError('--from and --to are the same store', 2);
  if (from.file && !existsSync(from.file)) throw new CliError(`nothing to move: ${from.file} does not exist`, 1);
  const source = await open(from);
  try {
    const target = await open(to);
    try {
      const snapshot = await source.dump();
      const added = await target.load(snapshot);
      process.stdout.write(`copied ${from.label} → ${to.label}\n`);
      for (const table of Object.keys(LABELS) as Array<keyof StoreCounts>) {
        const total = snapshot[table].length;
        process.stdout.write(`  ${LABELS[table]}: ${added[table]} added, ${total - added[table]} already there\n`);
      }
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

function parseEndpoint(flag: string, value: string | undefined, dataDir: string): Endpoint {
  if (!value) throw new CliError(`${flag} is missing: ${USAGE}`, 2);
  const parsed = endpointSchema(dataDir).safeParse(value);
  if (!parsed.success) throw new CliError(`${flag} "${redactUrl(value)}" is not a store: ${USAGE}`, 2);
  return parsed.data;
}

async function open(endpoint: Endpoint): Promise<Store> {
  try {
    return await endpoint.open();
  } catch (e) {
    throw new CliError(`cannot open ${endpoint.label}: ${(e as Error).message}`, 1);
  }
}
