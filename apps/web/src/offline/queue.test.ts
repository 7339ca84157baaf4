import { describe, expect, it } from 'vitest';
import type { QueuedCheckin } from './db.ts';
import { cardTokenOf, defaultStatus, nextBatch, queueSummary, retryDelayMs, settle } from './queue.ts';

function entry(n: number, extra: Partial<QueuedCheckin> = {}): QueuedCheckin {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return {
    id,
    userId: 'u1',
    sessionId: 's1',
    farmerName: `农户${n}`,
    queuedAt: new Date(Date.UTC(2026, 11, 1, 2, 0, n)).toISOString(),
    state: 'pending',
    item: { id, sessionId: 's1', farmerId: id, status: 'present', method: 'roster', checkedInAt: '2026-12-01T02:00:00.000Z' },
    ...extra,
  };
}

describe('nextBatch', () => {
  it('takes the oldest pending items, at most 500, and never the rejected ones', () => {
    const entries = Array.from({ length: 620 }, (_, i) => entry(619 - i));
    entries.push(entry(1000, { state: 'rejected', reason: 'session_cancelled', queuedAt: '2000-01-01T00:00:00.000Z' }));
    const batch = nextBatch(entries);
    expect(batch).toHaveLength(500);
    expect(batch[0]!.farmerName).toBe('农户0');
    expect(batch[499]!.farmerName).toBe('农户499');
    expect(batch.some((e) => e.state === 'rejected')).toBe(false);
    expect(nextBatch(entries, 10_000)).toHaveLength(500);
  });
});

describe('settle', () => {
  it('acknowledges created, duplicate and merged, keeps rejected with their reason, and keeps what was not answered', () => {
    const batch = [entry(1), entry(2), entry(3), entry(4), entry(5)];
    const out = settle(batch, [
      { id: batch[3]!.id, result: 'rejected', reason: 'farmer_not_invited' },
      { id: batch[0]!.id, result: 'created', attendanceId: 'a' },
      { id: batch[1]!.id, result: 'duplicate' },
      { id: batch[2]!.id, result: 'merged' },
    ]);
    expect(out.acknowledged.map((e) => e.farmerName)).toEqual(['农户1', '农户2', '农户3']);
    expect(out.rejected).toEqual([{ ...batch[3], state: 'rejected', reason: 'farmer_not_invited' }]);
    expect(out.unanswered).toEqual([batch[4]]);
  });
});

describe('retryDelayMs', () => {
  it('doubles from 2 s up to 5 minutes, spread ±20 %', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n))).toEqual([2000, 4000, 8000, 16000]);
    expect(retryDelayMs(30)).toBe(300_000);
    expect(retryDelayMs(1, 0)).toBe(1600);
    expect(retryDelayMs(1, 0.999)).toBeLessThanOrEqual(2400);
  });
});

describe('queueSummary and defaultStatus', () => {
  it('counts what waits apart from what came back rejected', () => {
    expect(queueSummary([entry(1), entry(2, { state: 'rejected' }), entry(3)])).toEqual({ waiting: 2, rejected: 1 });
  });

  it('is late only after the grace period', () => {
    const start = '2026-12-01T02:00:00.000Z';
    expect(defaultStatus(new Date('2026-12-01T02:15:00.000Z'), start, 15)).toBe('present');
    expect(defaultStatus(new Date('2026-12-01T02:15:01.000Z'), start, 15)).toBe('late');
  });
});

describe('cardTokenOf', () => {
  it('reads a bare token or one at the end of a link', () => {
    expect(cardTokenOf(' abcDEF_-123 ')).toBe('abcDEF_-123');
    expect(cardTokenOf('https://fieldschool.example/cards/abcDEF_-123')).toBe('abcDEF_-123');
    expect(cardTokenOf('https://fieldschool.example/c?card=xyz')).toBe('xyz');
  });
});
