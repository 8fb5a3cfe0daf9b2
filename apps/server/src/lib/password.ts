import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const KEY_LENGTH = 64;

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

const optionsFor = (logN: number): ScryptOptions => ({
  N: 2 ** logN,
  r: 8,
  p: 1,
  maxmem: 2 ** logN * 8 * 8 * 256,
});

/** `scrypt$<logN>$<salt>$<key>`: the cost travels with the hash so it can be raised later. */
export async function hashPassword(password: string, logN: number): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFKC'), salt, optionsFor(logN));
  return `scrypt$${logN}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, logN, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !logN || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await scrypt(
    password.normalize('NFKC'),
    Buffer.from(salt, 'base64url'),
    optionsFor(Number(logN)),
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Compared against when the username does not exist, so timing does not reveal which usernames exist. */
export async function dummyVerify(password: string, logN: number): Promise<void> {
  await scrypt(password, Buffer.alloc(16), optionsFor(logN));
}
