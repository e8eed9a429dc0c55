import { afterEach, describe, expect, it } from 'vitest';
import type { DeliveryKey, Store } from '../../src/store/store.js';
import { storeImplementations } from './store-implementations.js';

const key: DeliveryKey = { deadlineId: 'review', occurrence: '2026-12-01T01:00:00.000Z', target: 'slack:C1' };
const T = Date.parse('2026-12-01T01:00:00Z');
const LEASE_MS = 120_000;

describe.each(storeImplementations)('the $name store', (implementation) => {
  if (implementation.skipReason) {
    it.skip(`is not tested: ${implementation.skipReason}`, () => {});
    return;
  }

  const opened: Store[] = [];
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });
  /** A fresh database; `open()` gives another connection to it each time. */
  const database = () => {
    const db = implementation.freshDatabase();
    return {
      async open(): Promise<Store> {
        const store = await db.open();
        opened.push(store);
        return store;
      },
    };
  };
  const fresh = () => database().open();

  describe('event dedup', () => {
    it('claims an event once per platform, and still knows it after a restart', async () => {
      const db = database();
      const first = await db.open();
      expect(await first.claimEvent('slack', 'Ev1')).toBe(true);
      expect(await first.claimEvent('slack', 'Ev1')).toBe(false);
      expect(await first.claimEvent('dingtalk', 'Ev1')).toBe(true);
      await first.close();
      const again = await db.open();
      expect(await again.claimEvent('slack', 'Ev1')).toBe(false);
    });

    it('gives one of many concurrent claims of an event, from two connections, the event', async () => {
      const db = database();
      const [a, b] = [await db.open(), await db.open()];
      const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).claimEvent('slack', 'Ev')));
      expect(claims.filter(Boolean)).toHaveLength(1);
    });

    it('forgets handled events older than the cutoff only', async () => {
      const store = await fresh();
      await store.claimEvent('slack', 'old', 1_000);
      await store.claimEvent('slack', 'new', 5_000);
      await store.forgetEventsBefore(2_000);
      expect(await store.claimEvent('slack', 'old')).toBe(true);
      expect(await store.claimEvent('slack', 'new')).toBe(false);
    });
  });

  describe('subscriptions', () => {
    it('subscribes a conversation once, lists them sorted, unsubscribes, and keeps them across a restart', async () => {
      const db = database();
      const store = await db.open();
      expect(await store.subscribe('dingtalk:cid2', 'dingtalk:boss')).toBe(true);
      expect(await store.subscribe('dingtalk:cid2', 'dingtalk:boss')).toBe(false);
      expect(await store.subscribe('dingtalk:cid1', 'dingtalk:boss', 1_000)).toBe(true);
      expect(await store.subscribe('slack:C1', 'slack:U1')).toBe(true);
      expect(await store.unsubscribe('slack:C1')).toBe(true);
      expect(await store.unsubscribe('slack:C1')).toBe(false);
      await store.close();
      expect(await (await db.open()).subscriptions()).toEqual(['dingtalk:cid1', 'dingtalk:cid2']);
    });
  });

  describe('reminder deliveries', () => {
    it('gives a new delivery to one claimer, and shows the others the row being sent', async () => {
      const db = database();
      const [a, b] = [await db.open(), await db.open()];
      expect(await a.claimDelivery(key, T, T + LEASE_MS)).toEqual({ isClaimed: true, attempt: 1, wasInDoubt: false });
      expect(await b.claimDelivery(key, T + 1, T + 1 + LEASE_MS)).toEqual({
        isClaimed: false,
        row: {
          ...key,
          kind: 'reminder',
          messageRef: null,
          status: 'sending',
          attempts: 1,
          lastError: null,
          updatedAt: T,
          claimableAt: T + LEASE_MS,
        },
      });
    });

    it('gives one of many concurrent claims of a delivery, from two connections, the right to send', async () => {
      const db = database();
      const [a, b] = [await db.open(), await db.open()];
      const claims = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).claimDelivery(key, T, T + LEASE_MS)),
      );
      expect(claims.filter((c) => c.isClaimed)).toHaveLength(1);
    });

    it('takes over a send whose lease ran out, as in doubt, and not a moment before', async () => {
      const store = await fresh();
      await store.claimDelivery(key, T, T + LEASE_MS);
      expect((await store.claimDelivery(key, T + LEASE_MS - 1, T + 2 * LEASE_MS)).isClaimed).toBe(false);
      expect(await store.claimDelivery(key, T + LEASE_MS, T + 2 * LEASE_MS)).toEqual({
        isClaimed: true,
        attempt: 2,
        wasInDoubt: true,
      });
      expect(await store.delivery(key)).toMatchObject({
        status: 'sending',
        attempts: 2,
        claimableAt: T + 2 * LEASE_MS,
      });
    });

    it('retries a failed send from its retry time on, counting the attempts', async () => {
      const store = await fresh();
      await store.claimDelivery(key, T, T + LEASE_MS);
      await store.markDeliveryFailed(key, 'HTTP 503', T + 5, T + 60_000);
      expect(await store.delivery(key)).toMatchObject({
        status: 'failed',
        attempts: 1,
        lastError: 'HTTP 503',
        updatedAt: T + 5,
        claimableAt: T + 60_000,
      });
      expect((await store.claimDelivery(key, T + 59_999, T + 59_999 + LEASE_MS)).isClaimed).toBe(false);
      expect(await store.claimDelivery(key, T + 60_000, T + 60_000 + LEASE_MS)).toEqual({
        isClaimed: true,
        attempt: 2,
        wasInDoubt: false,
      });
      expect(await store.delivery(key)).toMatchObject({ status: 'sending', claimableAt: T + 60_000 + LEASE_MS });
    });

    it('never gives out a sent delivery again, even long after and after a restart', async () => {
      const db = database();
      const store = await db.open();
      await store.claimDelivery(key, T, T + LEASE_MS);
      await store.markDeliverySent(key, T + 10);
      await store.close();
      const again = await db.open();
      const claim = await again.claimDelivery(key, T + 86_400_000, T + 86_400_000 + LEASE_MS);
      expect(claim).toEqual({
        isClaimed: false,
        row: {
          ...key,
          kind: 'reminder',
          messageRef: null,
          status: 'sent',
          attempts: 1,
          lastError: null,
          updatedAt: T + 10,
          claimableAt: null,
        },
      });
    });

    it('records a missed reminder as skipped once, and gives up an interrupted send, but keeps a sent or failed one', async () => {
      const store = await fresh();
      expect(await store.skipDelivery(key, 'missed', T)).toBe(true);
      expect(await store.skipDelivery(key, 'missed', T + 1)).toBe(false);
      expect(await store.delivery(key)).toMatchObject({ status: 'skipped', attempts: 0, lastError: 'missed' });
      expect((await store.claimDelivery(key, T + 86_400_000, T + 86_400_000 + LEASE_MS)).isClaimed).toBe(false);

      const interrupted = { ...key, target: 'slack:C2' };
      await store.claimDelivery(interrupted, T, T + LEASE_MS);
      expect(await store.skipDelivery(interrupted, 'too late', T + 1)).toBe(true);
      expect(await store.delivery(interrupted)).toMatchObject({ status: 'skipped', claimableAt: null });

      const sent = { ...key, target: 'slack:C3' };
      await store.claimDelivery(sent, T, T + LEASE_MS);
      await store.markDeliverySent(sent, T + 1);
      const failed = { ...key, target: 'slack:C4' };
      await store.claimDelivery(failed, T, T + LEASE_MS);
      await store.markDeliveryFailed(failed, 'HTTP 503', T + 1, T + 60_000);
      expect(await store.skipDelivery(sent, 'too late', T + 2)).toBe(false);
      expect(await store.skipDelivery(failed, 'too late', T + 2)).toBe(false);
      expect((await store.deliveries()).map((r) => `${r.target} ${r.status}`)).toEqual([
        'slack:C1 skipped',
        'slack:C2 skipped',
        'slack:C3 sent',
        'slack:C4 failed',
      ]);
    });

    it('releases a claim still held at shutdown, for its holder only, so another process takes it over at once', async () => {
      const db = database();
      const [a, b] = [await db.open(), await db.open()];
      await a.claimDelivery(key, T, T + LEASE_MS);
      expect(await a.releaseDelivery(key, 2, T + 10)).toBe(false);
      expect(await a.releaseDelivery(key, 1, T + 10)).toBe(true);
      expect(await a.releaseDelivery(key, 1, T + 11)).toBe(false);
      expect(await b.claimDelivery(key, T + 10, T + 10 + LEASE_MS)).toEqual({
        isClaimed: true,
        attempt: 2,
        wasInDoubt: true,
      });
      // The old holder's claim is gone; a sent row is never released.
      expect(await a.releaseDelivery(key, 1, T + 12)).toBe(false);
      await b.markDeliverySent(key, T + 20);
      expect(await b.releaseDelivery(key, 2, T + 21)).toBe(false);
      expect(await a.delivery(key)).toMatchObject({ status: 'sent', claimableAt: null });
    });

    it('records a send or a failure only for the claim that still holds the row', async () => {
      const db = database();
      const [a, b] = [await db.open(), await db.open()];
      await a.claimDelivery(key, T, T + LEASE_MS);
      // b takes over once a's lease ran out; a's send then finishes (or fails) late.
      expect(await b.claimDelivery(key, T + LEASE_MS, T + 2 * LEASE_MS)).toMatchObject({ isClaimed: true, attempt: 2 });
      expect(await a.markDeliveryFailed(key, 'timeout', T + LEASE_MS + 1, T + LEASE_MS + 60_000, 1)).toBe(false);
      expect(await b.markDeliverySent(key, T + LEASE_MS + 2, 2)).toBe(true);
      expect(await a.markDeliveryFailed(key, 'timeout', T + LEASE_MS + 3, T + LEASE_MS + 60_000, 1)).toBe(false);
      expect(await a.markDeliverySent(key, T + LEASE_MS + 4, 1)).toBe(false);
      expect(await a.delivery(key)).toMatchObject({ status: 'sent', attempts: 2, updatedAt: T + LEASE_MS + 2 });
    });

    it('lists deliveries by occurrence, then deadline, then target', async () => {
      const store = await fresh();
      const later = { ...key, occurrence: '2026-12-30T01:00:00.000Z' };
      await store.claimDelivery(later, T, T + LEASE_MS);
      await store.claimDelivery({ ...key, deadlineId: 'arrears', target: 'slack:C9' }, T, T + LEASE_MS);
      await store.claimDelivery(key, T, T + LEASE_MS);
      expect(await store.delivery({ ...key, target: 'slack:nobody' })).toBeUndefined();
      expect((await store.deliveries()).map((r) => `${r.occurrence.slice(5, 10)} ${r.deadlineId} ${r.target}`)).toEqual(
        ['12-01 arrears slack:C9', '12-01 review slack:C1', '12-30 review slack:C1'],
      );
    });
  });

  describe('chases and overdue notices', () => {
    it('keeps a reminder, a chase and an overdue notice of the same instant and target apart, each sent once', async () => {
      const store = await fresh();
      for (const kind of ['reminder', 'chase', 'overdue'] as const) {
        expect((await store.claimDelivery({ ...key, kind }, T, T + LEASE_MS)).isClaimed).toBe(true);
        await store.markDeliverySent({ ...key, kind }, T + 1);
      }
      expect(
        (await store.claimDelivery({ ...key, kind: 'chase' }, T + 10 * LEASE_MS, T + 11 * LEASE_MS)).isClaimed,
      ).toBe(false);
      expect((await store.deliveries()).map((r) => `${r.kind} ${r.status}`)).toEqual([
        'chase sent',
        'overdue sent',
        'reminder sent',
      ]);
      expect(await store.delivery(key)).toMatchObject({ kind: 'reminder' });
    });
  });

  describe('receipts', () => {
    const receipt = {
      deadlineId: 'review',
      occurrence: '2026-12-31',
      person: 'dingtalk:manager1234',
      name: '王芳',
      status: 'done' as const,
      at: T,
      conversation: 'dingtalk:cidGroup',
      via: 'card' as const,
      messageRef: 'dbot.review.2026-12-31.x.1',
    };

    it('keeps a receipt once: a repeat, even from another connection, changes nothing and returns the first', async () => {
      const db = database();
      const [a, b] = [await db.open(), await db.open()];
      expect(await a.recordReceipt(receipt)).toEqual({ recorded: true, receipt });
      expect(await b.recordReceipt({ ...receipt, at: T + 5_000, via: 'text', messageRef: undefined })).toEqual({
        recorded: false,
        receipt,
      });
      expect(await a.receiptsFor('review', '2026-12-31')).toEqual([receipt]);
    });

    it('keeps read and done apart, and each round of each deadline apart', async () => {
      const store = await fresh();
      await store.recordReceipt({ ...receipt, status: 'read', name: undefined, messageRef: undefined });
      await store.recordReceipt({ ...receipt, at: T + 1 });
      await store.recordReceipt({ ...receipt, occurrence: '2027-12-31' });
      await store.recordReceipt({ ...receipt, deadlineId: 'other' });
      expect((await store.receiptsFor('review', '2026-12-31')).map((r) => `${r.status} ${r.name ?? '-'}`)).toEqual([
        'read -',
        'done 王芳',
      ]);
    });
  });

  describe('feedback and unanswered questions', () => {
    it('keeps votes with their question and citation across a restart, and sums them since a time', async () => {
      const db = database();
      const store = await db.open();
      await store.recordFeedback({ platform: 'slack', userId: 'U0', question: '旧问题', vote: -1 }, 500);
      await store.recordFeedback(
        { platform: 'slack', userId: 'U1', question: '欠薪怎么办', ref: 'speech#3', vote: -1 },
        1_000,
      );
      await store.recordFeedback({ platform: 'dingtalk', userId: 'U2', question: '欠薪怎么办', vote: -1 }, 2_000);
      await store.recordFeedback({ platform: 'slack', userId: 'U3', question: '劳模评选', vote: 1 }, 3_000);
      await store.close();
      const again = await db.open();
      expect(await again.listFeedback(1_000)).toEqual([
        { platform: 'slack', userId: 'U1', question: '欠薪怎么办', ref: 'speech#3', vote: -1, createdAt: 1_000 },
        { platform: 'dingtalk', userId: 'U2', question: '欠薪怎么办', vote: -1, createdAt: 2_000 },
        { platform: 'slack', userId: 'U3', question: '劳模评选', vote: 1, createdAt: 3_000 },
      ]);
      expect(await again.feedbackSince(1_000, 10)).toEqual({
        up: 1,
        down: 2,
        downVoted: [{ question: '欠薪怎么办', times: 2 }],
      });
      expect((await again.feedbackSince(0, 1)).downVoted).toEqual([{ question: '欠薪怎么办', times: 2 }]);
    });

    it('counts unanswered questions and their missing words since a time, most asked first', async () => {
      const db = database();
      const store = await db.open();
      await store.recordUnanswered('slack', '太早的问题', ['太早'], 100);
      await store.recordUnanswered('dingtalk', '会费交多少', ['会费'], 1_000);
      await store.recordUnanswered('dingtalk', '食堂几点开饭', [], 2_000);
      await store.recordUnanswered('slack', '会费交多少', ['会费'], 3_000);
      await store.recordUnanswered('slack', '会费和食堂', ['会费', '食堂'], 4_000);
      await store.close();
      const again = await db.open();
      expect(await again.unansweredSince(1_000, 10)).toEqual([
        { question: '会费交多少', times: 2 },
        { question: '会费和食堂', times: 1 },
        { question: '食堂几点开饭', times: 1 },
      ]);
      expect(await again.unansweredSince(0, 1)).toEqual([{ question: '会费交多少', times: 2 }]);
      expect(await again.missingWordsSince(1_000, 10)).toEqual([
        { word: '会费', times: 3 },
        { word: '食堂', times: 1 },
      ]);
      expect(await again.missingWordsSince(0, 1)).toEqual([{ word: '会费', times: 3 }]);
    });
  });

  describe('operations', () => {
    it('migrates once when two processes open a new database at the same moment', async () => {
      const db = database();
      const stores = await Promise.all([db.open(), db.open(), db.open()]);
      const checks = await Promise.all(stores.map((s) => s.check()));
      for (const check of checks) {
        expect(check.schemaVersion).toBe(check.latestVersion);
        expect(check.isWritable).toBe(true);
      }
      expect(await stores[0]?.claimEvent('slack', 'Ev1')).toBe(true);
      expect(await stores[2]?.claimEvent('slack', 'Ev1')).toBe(false);
    });

    it('reports where it is, its schema version, and that it can write, leaving no trace of the check', async () => {
      const store = await fresh();
      const check = await store.check();
      expect(check.latestVersion).toBeGreaterThan(0);
      expect(check).toMatchObject({ schemaVersion: check.latestVersion, isWritable: true });
      expect(check.location).not.toMatch(/:[^/@]*@/);
      expect((await store.dump()).handledEvents).toEqual([]);
    });

    it('loads a dump of another store, and adds nothing when the same dump is loaded again', async () => {
      const source = await fresh();
      await source.claimEvent('slack', 'Ev1', 1_000);
      await source.subscribe('dingtalk:cid1', 'dingtalk:boss', 2_000);
      await source.claimDelivery(key, T, T + LEASE_MS);
      await source.markDeliverySent(key, T + 5);
      await source.claimDelivery({ ...key, target: 'slack:C2' }, T, T + LEASE_MS);
      await source.markDeliveryFailed({ ...key, target: 'slack:C2' }, 'HTTP 503', T + 6, T + 60_000);
      await source.claimDelivery({ ...key, kind: 'chase' }, T, T + LEASE_MS);
      await source.markDeliverySent({ ...key, kind: 'chase' }, T + 7, 1, 'ts-1');
      await source.recordReceipt({
        deadlineId: 'review',
        occurrence: '2026-12-31',
        person: 'slack:U1',
        name: undefined,
        status: 'read',
        at: T,
        conversation: 'slack:C1',
        via: 'button',
        messageRef: 'ts-1',
      });
      await source.recordFeedback(
        { platform: 'slack', userId: 'U1', question: '欠薪怎么办', ref: 'speech#3', vote: -1 },
        3_000,
      );
      await source.recordFeedback({ platform: 'slack', userId: 'U1', question: '欠薪怎么办', vote: -1 }, 3_000);
      await source.recordUnanswered('slack', '会费交多少', ['会费'], 4_000);
      await source.recordUnanswered('slack', '食堂几点开饭', [], 5_000);
      const snapshot = await source.dump();

      const target = await fresh();
      await target.subscribe('slack:C9', 'slack:U9', 500);
      expect(await target.load(snapshot)).toEqual({
        handledEvents: 1,
        subscriptions: 1,
        deliveries: 3,
        receipts: 1,
        feedback: 2,
        unanswered: 2,
      });
      expect(await target.load(snapshot)).toEqual({
        handledEvents: 0,
        subscriptions: 0,
        deliveries: 0,
        receipts: 0,
        feedback: 0,
        unanswered: 0,
      });
      const copied = await target.dump();
      expect(copied).toEqual({
        ...snapshot,
        subscriptions: [
          { target: 'dingtalk:cid1', subscribedBy: 'dingtalk:boss', subscribedAt: 2_000 },
          { target: 'slack:C9', subscribedBy: 'slack:U9', subscribedAt: 500 },
        ],
      });
      expect(await target.claimEvent('slack', 'Ev1')).toBe(false);
      expect(await target.missingWordsSince(0, 10)).toEqual([{ word: '会费', times: 1 }]);
      expect((await target.claimDelivery(key, T + 86_400_000, T + 86_400_000 + LEASE_MS)).isClaimed).toBe(false);
    });
  });

  it('closes twice without complaint', async () => {
    const store = await fresh();
    await store.close();
    await store.close();
  });
});
