// One request of the soak: a client-side timeout on the whole exchange (body included), the
// answer classified into an error kind, and the sample recorded.
import type { Recorder } from './soak-recorder.ts';

/** A signed-in user: the session cookie, and the CSRF token every write must carry. */
export interface Account {
  username: string;
  password: string;
  cookie: string;
  csrf: string;
}

export interface Answer {
  status: number;
  /** null: 2xx */
  kind: string | null;
  /** The parsed body when asked for JSON (and for every problem+json). */
  json?: unknown;
  problem: boolean;
}

export interface HttpContext {
  base: string;
  rec: Recorder;
  timeoutMs: number;
}

/** Signs in and keeps the cookie and CSRF token (no sample: setup, or a phone asked to sign in again). */
export async function signIn(base: string, username: string, password: string): Promise<Account> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ username, password }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await res.json()) as { csrfToken?: string };
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('fs_session='))?.split(';')[0];
  if (!res.ok || !cookie || !body.csrfToken) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(body)}`);
  return { username, password, cookie, csrf: body.csrfToken };
}

/**
 * Sends one request as `account` and records it under `endpoint`. `read: 'drain'` reads the
 * body and drops it (exports); 'json' parses it. Never throws: a failure is an error kind.
 */
export async function send(
  ctx: HttpContext,
  endpoint: string,
  path: string,
  opts: { account?: Account; method?: string; json?: unknown; form?: FormData; read?: 'json' | 'drain' },
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (opts.account) headers.cookie = opts.account.cookie;
  const method = opts.method ?? 'GET';
  if (method !== 'GET' && opts.account) headers['x-csrf-token'] = opts.account.csrf;
  let body: string | FormData | undefined = opts.form;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  }
  const started = ctx.rec.now();
  let answer: Answer;
  try {
    const res = await fetch(`${ctx.base}${path}`, { method, headers, body, signal: AbortSignal.timeout(ctx.timeoutMs) });
    const problem = (res.headers.get('content-type') ?? '').startsWith('application/problem+json');
    let json: unknown;
    if (problem || (opts.read === 'json' && res.ok)) json = await res.json();
    else await drain(res);
    answer = { status: res.status, kind: res.ok ? null : kindOf(res.status, problem, json), json, problem };
  } catch (error) {
    answer = { status: 0, kind: failureKind(error), problem: false };
  }
  ctx.rec.add(endpoint, started, answer.kind);
  return answer;
}

async function drain(res: Response): Promise<void> {
  const reader = res.body?.getReader();
  if (!reader) return;
  for (;;) if ((await reader.read()).done) return;
}

function kindOf(status: number, problem: boolean, json: unknown): string {
  const code = (json as { code?: unknown } | undefined)?.code;
  if (problem && typeof code === 'string') return `${status} ${code}`;
  return `${status} (not problem+json)`;
}

/** A timeout is a hang; anything else that ended the exchange is a network error, by its code. */
function failureKind(error: unknown): string {
  const err = error as { name?: string; code?: string; cause?: { code?: string; name?: string } };
  if (err.name === 'TimeoutError' || err.cause?.name === 'TimeoutError') return 'hang';
  return `network ${err.cause?.code ?? err.code ?? err.name ?? 'error'}`;
}
