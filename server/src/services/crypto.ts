import { createCipheriv, createDecipheriv, randomBytes, randomInt } from 'node:crypto';

// AES-256-GCM for personal data at rest (ID numbers, phones, reporters' identities).
// Stored as "v1:<iv>:<tag>:<ciphertext>" in base64url so the key version can change later.
export class DataCipher {
  private readonly key: Buffer;

  constructor(key: string) {
    const buf = /^[0-9a-f]{64}$/i.test(key) ? Buffer.from(key, 'hex') : Buffer.from(key, 'base64');
    if (buf.length !== 32) throw new Error('DATA_KEY must be 32 bytes (64 hex characters or base64)');
    this.key = buf;
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), data.toString('base64url')].join(':');
  }

  decrypt(stored: string): string {
    const [v, iv, tag, data] = stored.split(':');
    if (v !== 'v1' || !iv || !tag || data === undefined) throw new Error('unknown ciphertext format');
    const d = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(data, 'base64url')), d.final()]).toString('utf8');
  }
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I: read aloud and typed by people

/** Unguessable public code (receipt codes, invites, tracking tokens): about 5 bits a character. */
export function publicCode(length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return s;
}
