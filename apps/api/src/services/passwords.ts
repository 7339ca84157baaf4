import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../errors.ts';

// OWASP's minimum argon2id profile: 19 MiB, 2 passes, 1 lane. (2 is Algorithm.Argon2id, a
// const enum that isolated modules cannot import.)
const options = { algorithm: 2 as const, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the user does not exist, so both paths take as long. */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword('decoy password that matches nobody');
  return decoyHash;
}

/** Beyond the schema's minimum length: at least 5 different characters, not the username. */
export function assertPasswordStrongEnough(password: string, username: string): void {
  const tooFewDistinct = new Set(password).size < 5;
  const containsUsername = password.toLowerCase().includes(username.toLowerCase());
  if (tooFewDistinct || containsUsername) {
    throw new AppError('password_too_weak', 'Choose a password with more varied characters that does not contain the username', { field: 'newPassword' });
  }
}
