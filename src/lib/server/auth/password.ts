import { hash, verify } from '@node-rs/argon2';

// argon2id (algorithm 2: @node-rs/argon2's Algorithm is a const enum), OWASP's m=19 MiB, t=2, p=1.
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export async function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFC'), OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password.normalize('NFC'));
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;

/**
 * Checks a password against a hash of nothing, so an unknown login costs the same work as a known
 * one and answers the same.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('harvestlink-dummy-password');
  await verifyPassword(await dummyHash, password);
  return false;
}
