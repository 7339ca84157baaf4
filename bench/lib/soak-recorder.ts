// What the soak saw: every request (endpoint, time, latency, error kind), the fault windows
// and the events inside them, and the api's memory. Summaries are computed at the end.
import { percentile } from './server.ts';

export interface Sample {
  /** ms since the soak's clocks started */
  t: number;
  endpoint: string;
  ms: number;
  /** null: answered 2xx; else the error kind ("503 search_unavailable", "network ECONNREFUSED", "hang") */
  kind: string | null;
}

export interface FaultWindow {
  name: string;
  from: number;
  to: number;
  /** The figures the fault measured (heal time, reconnect time, …), in ms unless named otherwise. */
  figures: Record<string, number | string | boolean>;
}

export interface MemorySample {
  t: number;
  pid: number;
  rssMiB: number;
}

/** Errors a fault causes land a little after its recovery is measured (answers in flight). */
const WINDOW_TAIL_MS = 5_000;

export class Recorder {
  private t0 = performance.now();
  readonly samples: Sample[] = [];
  readonly faults: FaultWindow[] = [];
  readonly memory: MemorySample[] = [];
  readonly events: { t: number; text: string }[] = [];

  /** The clocks start (setup before this is not the soak's time). */
  start(): void {
    this.t0 = performance.now();
  }

  now(): number {
    return performance.now() - this.t0;
  }

  add(endpoint: string, startedAt: number, kind: string | null): void {
    this.samples.push({ t: startedAt, endpoint, ms: this.now() - startedAt, kind });
  }

  note(text: string): void {
    const t = this.now();
    this.events.push({ t, text });
    console.log(`  [${clock(t)}] ${text}`);
  }

  /** The fault window a request overlapped (one in flight when the fault struck counts too), or "steady". */
  windowOf(s: Sample): string {
    return this.faults.find((f) => s.t + s.ms >= f.from && s.t <= f.to + WINDOW_TAIL_MS)?.name ?? 'steady';
  }
}

export const clock = (ms: number) => `${String(Math.floor(ms / 60_000)).padStart(2, '0')}:${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}`;

export interface Percentiles {
  n: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
}

/** Latency percentiles of the answered (2xx) requests; errors are counted beside them. */
export function percentilesOf(samples: readonly Sample[]): Percentiles {
  const ok = samples.filter((s) => s.kind === null).map((s) => s.ms).sort((a, b) => a - b);
  return { n: samples.length, errors: samples.length - ok.length, p50: percentile(ok, 50), p95: percentile(ok, 95), p99: percentile(ok, 99) };
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

export function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}
