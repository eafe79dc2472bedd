import fc from 'fast-check';
import { hasLoneSurrogate } from '../adapters/fit.js';
let bad = 0;
for (const v of fc.sample(fc.string({ unit: 'grapheme', maxLength: 40 }), { numRuns: 20000, seed: 1 })) if (hasLoneSurrogate(v)) bad++;
console.log('grapheme strings with lone surrogates', bad);
const flags = fc.constantFrom('🇺🇳').chain((p) => fc.integer({ min: 1, max: 150 }).map((n) => p.repeat(n)));
bad = 0;
for (const v of fc.sample(flags, { numRuns: 2000, seed: 1 })) if (hasLoneSurrogate(v)) bad++;
console.log('flag runs bad', bad);
