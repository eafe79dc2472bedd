import { fitStart, hasLoneSurrogate } from '../adapters/fit.js';
import fc from 'fast-check';
const HOSTILE = ['<','>','&','&amp;','<!channel>','<@U0123ABC>','@everyone','*bold*','_it_','`code`','```','# URGENT','-# posted by Support','[Click here](https://evil.example/login)','👨‍👩‍👧‍👦','🏳️‍🌈','🇺🇳','👍🏽','é','投诉处理','您好，','\n','\n\n',' ','a'];
const piece = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'grapheme', maxLength: 40 }));
const run = fc.constantFrom(...HOSTILE).chain((p) => fc.integer({ min: 1, max: Math.floor(600 / p.length) }).map((n) => p.repeat(n)));
const arb = fc.array(fc.oneof(piece, run), { maxLength: 6 }).map((parts) => parts.join(''));
for (const v of fc.sample(arb, { numRuns: 3000, seed: 5 })) {
  const f = fitStart(v, 600);
  if (hasLoneSurrogate(f)) { console.log(JSON.stringify(v.slice(560, 640)), v.length, f.length); break; }
}
