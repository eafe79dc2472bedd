import { splitText, cutPoint } from '../adapters/fit.js';
const seg = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
for (const n of [10000, 40000, 130000]) {
  const s = 'ab c'.repeat(n / 4);
  let t = Date.now();
  for (let i = 0; i < 20; i++) { const it = seg.segment(s)[Symbol.iterator](); it.next(); }
  console.log(n, 'segment+first x20', Date.now() - t);
  t = Date.now(); const p = splitText(s, 1024); console.log(n, 'split', p.length, Date.now() - t);
  t = Date.now(); cutPoint(s, 1024, (g) => g.length + 0); console.log(n, 'cut weighed', Date.now() - t);
}
