import type { AddressInfo } from 'node:net';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { databaseHealth } from '../../src/ops/database-health.js';
import { PostgresStore } from '../../src/store/postgres-store.js';
import { freshSchemaUrl, postgresSkipReason } from '../support/test-postgres.js';

/** A TCP relay in front of the test server, so a test can cut every connection, or refuse new ones. */
class Relay {
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async open(port = 0): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Cuts every connection, as a database restart or a network blip does. */
  cut(): void {
    for (const s of this.sockets) s.destroy();
  }

  /** Cuts every connection and refuses new ones until `open` again. */
  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }
}

describe('the PostgreSQL store over a network that fails', () => {
  if (postgresSkipReason) {
    it.skip(`is not tested: ${postgresSkipReason}`, () => {});
    return;
  }

  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function storeBehindRelay() {
    const direct = new URL(await freshSchemaUrl('relay'));
    const relay = new Relay({ host: direct.hostname, port: Number(direct.port) });
    await relay.open();
    cleanups.push(() => relay.close());
    const url = new URL(direct);
    url.port = String(relay.port);
    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(line) });
    const store = await PostgresStore.open(url.toString(), { logger, connectTimeoutMs: 1_000 });
    cleanups.push(() => store.close());
    return { store, relay, warnings };
  }

  it('logs connections that break while idle instead of crashing, and reconnects for the next statement', async () => {
    const { store, relay, warnings } = await storeBehindRelay();
    expect(await store.claimEvent('slack', 'Ev1')).toBe(true);
    relay.cut();
    for (let i = 0; i < 50 && warnings.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(warnings.join('')).toContain('a database connection broke; reconnecting');
    expect(await store.claimEvent('slack', 'Ev1')).toBe(false);
    expect(await store.claimEvent('slack', 'Ev2')).toBe(true);
  });

  it('reports the database unreachable on /healthz while it is, and ok once it is back', async () => {
    const { store, relay } = await storeBehindRelay();
    expect(await databaseHealth(store, systemClock, 'postgres')).toMatchObject({ state: 'ok', schemaVersion: 2 });
    const port = relay.port;
    await relay.close();
    const down = await databaseHealth(store, systemClock, 'postgres');
    expect(down).toMatchObject({ kind: 'postgres', state: 'unreachable' });
    expect(down.error).toBeTruthy();
    await expect(store.claimEvent('slack', 'Ev3')).rejects.toThrow();
    await relay.open(port);
    expect(await databaseHealth(store, systemClock, 'postgres')).toMatchObject({ state: 'ok' });
    expect(await store.claimEvent('slack', 'Ev3')).toBe(true);
  });
});
