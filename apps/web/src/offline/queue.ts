// The queue's rules as pure functions: which items go in the next batch, what the server's
// answers do to them, how long to wait before trying again. No IndexedDB, no network.
import type { AttendanceStatus, SyncItemResult } from '@fieldschool/contracts';
import { MAX_SYNC_ITEMS } from '@fieldschool/contracts/constants';
import type { QueuedEntry } from './db.ts';

/**
 * The oldest waiting items first (a walk-in's registration travels before the later
 * check-ins that name the same farmer), at most one request's worth.
 */
export function nextBatch<T extends QueuedEntry>(entries: readonly T[], max = MAX_SYNC_ITEMS): T[] {
  return entries
    .filter((entry) => entry.state === 'pending')
    .sort((a, b) => a.queuedAt.localeCompare(b.queuedAt) || a.id.localeCompare(b.id))
    .slice(0, Math.min(max, MAX_SYNC_ITEMS));
}

export interface Settlement<T extends QueuedEntry = QueuedEntry> {
  /** Answered created, duplicate or merged: the server holds them, they leave the queue. */
  acknowledged: T[];
  /** Answered rejected: kept, marked, with the server's reason. */
  rejected: T[];
  /** Not answered (a short or odd reply): they stay pending and go again. */
  unanswered: T[];
}

/** Matches answers to items by id, never by position alone, so a short reply loses nothing. */
export function settle<T extends QueuedEntry>(batch: readonly T[], results: readonly SyncItemResult[]): Settlement<T> {
  const byId = new Map(results.map((result) => [result.id, result]));
  const settlement: Settlement<T> = { acknowledged: [], rejected: [], unanswered: [] };
  for (const entry of batch) {
    const answer = byId.get(entry.id);
    if (!answer) settlement.unanswered.push(entry);
    else if (answer.result === 'rejected') settlement.rejected.push({ ...entry, state: 'rejected', reason: answer.reason ?? 'invalid_item' });
    else settlement.acknowledged.push(entry);
  }
  return settlement;
}

const FIRST_RETRY_MS = 2_000;
const LONGEST_RETRY_MS = 5 * 60_000;

/**
 * 2 s, 4 s, 8 s … up to 5 minutes after consecutive failures, spread by ±20 % (`jitter` in
 * [0, 1)) so phones that lost the same mast do not all come back in the same second.
 */
export function retryDelayMs(failures: number, jitter = 0.5): number {
  const base = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.8 + 0.4 * jitter));
}

/** What the page says about the queue: how many wait, how many came back rejected. */
export function queueSummary(entries: readonly QueuedEntry[]): { waiting: number; rejected: number } {
  let waiting = 0;
  for (const entry of entries) if (entry.state === 'pending') waiting++;
  return { waiting, rejected: entries.length - waiting };
}

/** Present, or late once the course's grace period after the start has passed. */
export function defaultStatus(at: Date, startsAt: string, lateAfterMinutes: number): Extract<AttendanceStatus, 'present' | 'late'> {
  return at.getTime() > Date.parse(startsAt) + lateAfterMinutes * 60_000 ? 'late' : 'present';
}

/**
 * What a printed card's QR code holds: the farmer's card token, on its own or at the end of a
 * link (…/cards/<token> or …?card=<token>).
 */
export function cardTokenOf(scanned: string): string {
  const text = scanned.trim();
  try {
    const url = new URL(text);
    return url.searchParams.get('card') ?? url.pathname.split('/').filter(Boolean).pop() ?? text;
  } catch {
    return text;
  }
}
