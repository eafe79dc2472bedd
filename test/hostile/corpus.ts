/**
 * Hostile and malformed inputs, one list for every adapter: oversize text, broken Unicode,
 * injection strings, forged and foreign ids, and values of the wrong type.
 */

/** Text a customer (or an attacker posing as one) might type. */
export const HOSTILE_TEXT: readonly string[] = [
  'x'.repeat(100 * 1024),
  `${'长'.repeat(50_000)}😡`.repeat(2),
  '\uD800\uDC00\uD800 lone surrogate \uDFFF',
  '\u0000\u0001\u0002\u001b[31mred\u001b[0m',
  '\u202Egnp.exe\u202C \u2066\u2069 \uFEFF\u200B',
  "'; drop table complaints; --",
  "Robert'); DELETE FROM intake_sessions WHERE ('1'='1",
  '<script>alert(document.cookie)</script><img src=x onerror=alert(1)>',
  '<!channel> <!here> <!everyone> @everyone @here <@U0ADMIN> <#C0STAFF>',
  '*bold* _it_ ~strike~ `code` ```block``` > quote [link](javascript:alert(1))',
  '{{constructor.constructor("return process")().exit()}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template placeholder is the attack being tried.
  '${process.exit(1)} $(rm -rf /) `rm -rf /`',
  '__proto__',
  '{"__proto__":{"polluted":true}}',
  '/complain status C-1001',
  '/ticket resolve C-1001 hacked',
  'C-1001 C-0 C--1 C-99999999999999999999 C-1e9',
  ' \t\n\r ',
  'ﷺ'.repeat(3000),
  'Z̸̢̛̛̛̛̛̛̛̛̛̛̛̛̛̛̛̛̛̛̛̛̛̛̛̛̛̛̛̛a̸l̸g̸o̸'.repeat(200),
];

/** Values of the wrong type, for every place a string, object or number is expected. */
export const WRONG_TYPES: readonly unknown[] = [
  null,
  undefined,
  0,
  -1,
  1e308,
  Number.NaN,
  true,
  [],
  ['a', 'b'],
  {},
  { toString: 'x' },
  { __proto__: { polluted: true } },
  'x'.repeat(70_000),
];

/** Bytes that are not valid UTF-8 (overlong, truncated, lone continuation, surrogate halves). */
export const INVALID_UTF8: readonly Buffer[] = [
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0xe2, 0x82]),
  Buffer.from([0x80, 0x80, 0x80]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xff, 0xfe, 0xfd]),
  Buffer.from([0xf4, 0x90, 0x80, 0x80]),
];

/** Wraps invalid bytes inside an otherwise valid JSON string value. */
export function jsonWithBytes(prefix: string, bytes: Buffer, suffix: string): Buffer {
  return Buffer.concat([Buffer.from(prefix, 'utf8'), bytes, Buffer.from(suffix, 'utf8')]);
}

/** Nothing in Object.prototype was added by a payload. */
export function prototypeIsClean(): boolean {
  return !('polluted' in ({} as Record<string, unknown>));
}
