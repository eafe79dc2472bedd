import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { language, tokens, withoutPoliteness } from '../../src/nlu/segment.js';

const require = createRequire(import.meta.url);
/** jieba's dictionary module, which reads 11 MB when it is loaded. */
const dictionary = require.resolve('@node-rs/jieba/dict.js');
const jiebaLoaded = () => dictionary in require.cache;

describe('segmenting words', () => {
  it('loads jieba and its dictionary at the first Chinese text, not before', () => {
    expect(tokens('The parcel came late and the box was crushed')).toContain('parcel');
    expect(language('The parcel came late and the box was crushed, and nobody answered my calls.')).toBe(
      'en',
    );
    expect(withoutPoliteness('no Chinese here')).toBe('no Chinese here');
    expect(jiebaLoaded()).toBe(false);

    expect(tokens('麻烦您看一下')).toContain('麻烦');

    expect(jiebaLoaded()).toBe(true);
  });
});
