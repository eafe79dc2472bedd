import fc from 'fast-check';
import { timeline } from '../test/support/payload-arbitraries.js';
const seg = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
// reproduce: find raw before fitStart by re-generating lines
for (const n of [1, 2, 3]) {
  const s = 'a\n' + '🇺'.repeat(n) + '🇺🇳'.repeat(160);
  const c = seg.segment(s.slice(0, 632)).containing(600);
  const all = [...seg.segment(s)].map((x) => x.index);
  const below = all.filter((i) => i <= 600).pop();
  console.log(n, 'containing', c?.index, 'true boundary', below);
}
