import { fitStart, hasLoneSurrogate } from '../adapters/fit.js';
const seg = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
for (const n of [597, 598, 599, 600, 601]) {
  const s = ' ' + '🇺🇳'.repeat(300);
  const f = fitStart(s, n);
  console.log(n, f.length, hasLoneSurrogate(f));
}
const s = ' ' + '🇺🇳'.repeat(300);
console.log(seg.segment(s.slice(0, 632)).containing(600));
console.log(seg.segment(s.slice(0, 632)).containing(599));
