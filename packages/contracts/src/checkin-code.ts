// The session's rotating self check-in code, written once for the trainer's phone (which
// shows it, offline) and the server (which checks it). Plain WebCrypto: no TypeBox, no Node
// modules, so the browser imports it as it is.
import { CHECKIN_CODE_STEP_SECONDS } from './constants.ts';

/** The time step a moment falls in: the code shown at `at` is the code of this step. */
export function checkinCodeStep(at: Date | number): number {
  const ms = typeof at === 'number' ? at : at.getTime();
  return Math.floor(ms / 1000 / CHECKIN_CODE_STEP_SECONDS);
}

/**
 * HMAC-SHA-256 of the session's secret (base64url) over the big-endian step number, cut
 * to 8 digits as RFC 4226 does: one code per session and step, unguessable without the secret.
 */
export async function checkinCode(secret: string, step: number): Promise<string> {
  const key = await crypto.subtle.importKey('raw', base64UrlToBytes(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const message = new DataView(new ArrayBuffer(8));
  message.setBigUint64(0, BigInt(step));
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, message.buffer));
  const offset = mac[mac.length - 1]! & 0x0f;
  const value =
    ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return (value % 100_000_000).toString().padStart(8, '0');
}

function base64UrlToBytes(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
