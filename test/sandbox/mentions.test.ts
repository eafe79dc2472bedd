import { describe, expect, it } from 'vitest';
import { SEED_USERS } from '../../adapters/sandbox/directory.js';
import { resolveMentions } from '../../adapters/sandbox/mentions.js';

const users = [...SEED_USERS];

describe('sandbox mentions', () => {
  it('turns @Full Name into the person’s id and remembers their name', () => {
    expect(resolveMentions('assign C-1001 @Sam Lee', users)).toEqual({
      text: 'assign C-1001 sandbox:demo:sam',
      mentions: { 'sandbox:demo:sam': 'Sam Lee' },
    });
  });

  it('accepts a short handle and a Chinese name', () => {
    expect(resolveMentions('assign C-1 @chen-jing', users).text).toBe('assign C-1 sandbox:demo:chen-jing');
    expect(resolveMentions('assign C-1 @陈静', users).mentions).toEqual({ 'sandbox:demo:chen-jing': '陈静' });
  });

  it('turns #staff and #managers into the channel ids', () => {
    expect(resolveMentions('setup staff=#staff manager=#managers role=staff', users).text).toBe(
      'setup staff=sandbox:channel:staff manager=sandbox:channel:managers role=staff',
    );
  });

  it('leaves an @ or # that names no one alone', () => {
    expect(resolveMentions('note C-1 mail me @ home, ticket #42', users)).toEqual({
      text: 'note C-1 mail me @ home, ticket #42',
      mentions: {},
    });
  });
});
