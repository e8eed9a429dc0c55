import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'store-')), 'nested', 'state.sqlite');

describe('Store', () => {
  it('claims an event once, and still knows it after a restart', () => {
    const file = tempFile();
    const first = new Store(file);
    expect(first.claimEvent('slack', 'Ev1')).toBe(true);
    expect(first.claimEvent('slack', 'Ev1')).toBe(false);
    expect(first.claimEvent('dingtalk', 'Ev1')).toBe(true);
    first.close();
    const again = new Store(file);
    expect(again.claimEvent('slack', 'Ev1')).toBe(false);
    again.close();
  });

  it('forgets handled events older than the cutoff only', () => {
    const store = new Store(tempFile());
    store.claimEvent('slack', 'old', 1_000);
    store.claimEvent('slack', 'new', 5_000);
    store.forgetEventsBefore(2_000);
    expect(store.claimEvent('slack', 'old')).toBe(true);
    expect(store.claimEvent('slack', 'new')).toBe(false);
    store.close();
  });

  it('keeps subscriptions and feedback across a restart', () => {
    const file = tempFile();
    const store = new Store(file);
    expect(store.subscribe('dingtalk:cid1', 'dingtalk:boss')).toBe(true);
    expect(store.subscribe('dingtalk:cid1', 'dingtalk:boss')).toBe(false);
    store.recordFeedback({
      platform: 'slack',
      userId: 'U1',
      question: '欠薪怎么办',
      ref: 'speech#3.3.p1.s3',
      vote: -1,
    });
    store.close();
    const again = new Store(file);
    expect(again.subscriptions()).toEqual(['dingtalk:cid1']);
    expect(again.db.prepare('SELECT question, vote FROM feedback').all()).toEqual([
      { question: '欠薪怎么办', vote: -1 },
    ]);
    again.close();
  });
});
