import fc from 'fast-check';
import { hasLoneSurrogate } from '../adapters/fit.js';
import { textUpTo } from '../test/support/payload-arbitraries.js';
let bad = 0;
for (const lines of fc.sample(fc.array(textUpTo(600), { maxLength: 80 }), { numRuns: 300, seed: 3 })) {
  for (const l of lines) if (hasLoneSurrogate(l)) { bad++; if (bad === 1) console.log(l.length, JSON.stringify(l.slice(-20))); }
}
console.log('bad', bad);
