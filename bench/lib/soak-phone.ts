// A trainer's phone as apps/web/src/offline does it (DESIGN §6): every check-in is queued
// with an id made on the phone, the queue is sent in batches of up to 500, and an item
// leaves the queue only when the server has answered it. A batch whose answer is lost
// (a fault, a timeout) is sent again, with the same ids, until it is answered.
import { randomUUID } from 'node:crypto';
import { send, signIn, type Account } from './soak-http.ts';
import { think, type Workload } from './soak-clients.ts';
import { sleep } from './server.ts';

interface CheckinItem {
  id: string;
  sessionId: string;
  farmerId: string;
  status: 'present';
  method: 'roster' | 'qr_card';
  checkedInAt: string;
}

interface ItemResult {
  id: string;
  result: 'created' | 'duplicate' | 'merged' | 'rejected';
  attendanceId?: string;
  reason?: string;
}

export interface SoakSession {
  id: string;
  /** The farmer ids of its offline roster (the invited villages). */
  roster: string[];
}

/** What every phone was told, item by item: the answer that took each item off its queue. */
export class Ledger {
  readonly answered = new Map<string, ItemResult & { sessionId: string; farmerId: string }>();
  made = 0;

  counts(): Record<ItemResult['result'], number> {
    const counts = { created: 0, duplicate: 0, merged: 0, rejected: 0 };
    for (const a of this.answered.values()) counts[a.result] += 1;
    return counts;
  }

  /** The attendances the phones were told their accepted items are (created, merged, or a re-send's duplicate). */
  toldAttendances(): Set<string> {
    return new Set([...this.answered.values()].filter((a) => a.result !== 'rejected' && a.attendanceId).map((a) => a.attendanceId!));
  }

  acceptedItems(): string[] {
    return [...this.answered.values()].filter((a) => a.result !== 'rejected').map((a) => a.id);
  }
}

const BATCH = 500;

export class Phone {
  private queue: CheckinItem[] = [];
  private readonly taken = new Set<string>();
  private sessionIndex = 0;

  constructor(
    private readonly w: Workload,
    private readonly deviceId: string,
    private account: Account,
    /** Its sessions in order; the other phone of its pair walks the same list, so some farmers merge. */
    private readonly sessions: readonly SoakSession[],
    /** How many farmers of a session's roster it checks in before it goes on to the next session. */
    private readonly perSession: number,
    private readonly ledger: Ledger,
    private readonly random: () => number,
  ) {}

  pending(): number {
    return this.queue.length;
  }

  /** Checks farmers in as they arrive and syncs after each group, until the soak ends. */
  async run(): Promise<void> {
    while (this.w.running()) {
      this.checkIn(1 + Math.floor(this.random() * 20));
      await this.sync();
      await think(this.w, this.random);
    }
  }

  /** After the soak: sends what is still queued until all is answered or the deadline passes. */
  async drain(deadline: number): Promise<void> {
    while (this.queue.length > 0 && Date.now() < deadline) {
      if (!(await this.sync())) await sleep(1000);
    }
  }

  private checkIn(count: number): void {
    for (let i = 0; i < count && this.sessionIndex < this.sessions.length; i++) {
      const session = this.sessions[this.sessionIndex]!;
      let farmerId: string;
      do farmerId = session.roster[Math.floor(this.random() * session.roster.length)]!;
      while (this.taken.has(`${session.id}|${farmerId}`));
      this.taken.add(`${session.id}|${farmerId}`);
      this.queue.push({ id: randomUUID(), sessionId: session.id, farmerId, status: 'present', method: this.random() < 0.6 ? 'roster' : 'qr_card', checkedInAt: new Date().toISOString() });
      this.ledger.made += 1;
      if (this.taken.size >= (this.sessionIndex + 1) * this.perSession) this.sessionIndex += 1;
    }
  }

  /** Sends the queue batch by batch; false when a batch went unanswered (it stays queued, to be sent again). */
  private async sync(): Promise<boolean> {
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, BATCH);
      const answer = await send(this.w.http, 'checkins/sync', '/api/v1/checkins/sync', { account: this.account, method: 'POST', json: { deviceId: this.deviceId, items: batch }, read: 'json' });
      if (answer.status === 401) {
        // The app asks the trainer to sign in again; the queue waits meanwhile.
        this.account = await signIn(this.w.http.base, this.account.username, this.account.password).catch(() => this.account);
        return false;
      }
      if (answer.kind !== null) return false;
      const results = (answer.json as { results: ItemResult[] }).results;
      const byId = new Map(results.map((r) => [r.id, r]));
      for (const item of batch) {
        const result = byId.get(item.id);
        if (result) this.ledger.answered.set(item.id, { ...result, sessionId: item.sessionId, farmerId: item.farmerId });
      }
      this.queue = this.queue.filter((item) => !byId.has(item.id));
      if (results.length === 0) return false;
    }
    return true;
  }
}
