import { fitStart, hasLoneSurrogate } from '../adapters/fit.js';
const seg = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const s = ' ' + '🇺🇳'.repeat(150);
const f = fitStart(s, 600);
console.log(s.length, f.length, hasLoneSurrogate(f));
const c = seg.segment(s).containing(600);
console.log(c?.index, c?.segment.length);
const c2 = seg.segment(s).containing(599);
console.log(c2?.index, c2?.segment.length);
