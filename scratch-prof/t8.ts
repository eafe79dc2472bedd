import fc from 'fast-check';
import { hasLoneSurrogate } from '../adapters/fit.js';
import { textUpTo } from '../test/support/payload-arbitraries.js';
let bad = 0;
for (const v of fc.sample(textUpTo(600), { numRuns: 5000, seed: 3 })) if (hasLoneSurrogate(v)) { bad++; if (bad === 1) console.log(v.length, JSON.stringify(v.slice(-20))); }
console.log('bad', bad);
