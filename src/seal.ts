/**
 * Secrets at rest (a Slack workspace's bot token): AES-256-GCM with node:crypto. Each sealed value
 * names the key that sealed it, so keys can rotate: new values are sealed with the current key
 * (`HEARKEN_ENCRYPTION_KEY`), and values sealed with the previous one
 * (`HEARKEN_ENCRYPTION_KEY_PREVIOUS`) still open until they are sealed again.
 *
 * Format: `hk1.<key id>.<iv>.<tag>.<ciphertext>` (base64url parts). The key id is the first 8 hex
 * digits of the key's SHA-256: it tells keys apart without revealing them. A `context` (the row's
 * own id) is bound in as associated data, so a sealed value copied onto another row does not open.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { ConfigurationError } from './errors.js';

const VERSION = 'hk1';
const KEY_BYTES = 32;
const IV_BYTES = 12;

/** Decodes a 32-byte key written as 64 hex digits or as base64; undefined when it is neither. */
export function decodeKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    const bytes = Buffer.from(trimmed, 'base64');
    if (bytes.length === KEY_BYTES) return bytes;
  }
  return undefined;
}

/** The id written in front of every value this key seals. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

export interface Opened {
  plaintext: string;
  /** The key that had sealed it. */
  keyId: string;
  /** Sealed with a key other than the current one: seal it again. */
  stale: boolean;
}

export class Sealer {
  private readonly keys = new Map<string, Buffer>();
  /** The id of the key new values are sealed with. */
  readonly currentKeyId: string;

  /** `current` and `previous` as written in the environment (hex or base64 of 32 bytes). */
  constructor(current: string, previous?: string) {
    const key = decodeKey(current);
    if (!key)
      throw new ConfigurationError(
        'E_CONFIG_INVALID',
        'HEARKEN_ENCRYPTION_KEY must be 32 random bytes as 64 hex digits or base64 (openssl rand -base64 32)',
      );
    this.currentKeyId = keyIdOf(key);
    this.keys.set(this.currentKeyId, key);
    if (previous) {
      const old = decodeKey(previous);
      if (!old)
        throw new ConfigurationError(
          'E_CONFIG_INVALID',
          'HEARKEN_ENCRYPTION_KEY_PREVIOUS must be 32 bytes as 64 hex digits or base64, like the current key',
        );
      this.keys.set(keyIdOf(old), old);
    }
  }

  seal(plaintext: string, context: string): string {
    const key = this.keys.get(this.currentKeyId);
    if (!key) throw new ConfigurationError('E_CONFIG_MISSING', 'HEARKEN_ENCRYPTION_KEY');
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url'));
    return [VERSION, this.currentKeyId, ...parts].join('.');
  }

  open(sealed: string, context: string): Opened {
    const [version, keyId, iv, tag, ciphertext] = sealed.split('.');
    if (version !== VERSION || !keyId || !iv || !tag || ciphertext === undefined)
      throw new ConfigurationError('E_CONFIG_INVALID', 'a stored secret is not in the sealed format');
    const key = this.keys.get(keyId);
    if (!key)
      throw new ConfigurationError(
        'E_CONFIG_MISSING',
        `the key ${keyId} that sealed a stored secret: set it as HEARKEN_ENCRYPTION_KEY_PREVIOUS`,
      );
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const plaintext = Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
      return { plaintext, keyId, stale: keyId !== this.currentKeyId };
    } catch (error) {
      throw new ConfigurationError(
        'E_CONFIG_INVALID',
        `a stored secret sealed with key ${keyId} failed its integrity check (altered, or moved from another row)`,
        { cause: error },
      );
    }
  }
}
