import fc from 'fast-check';
import { hasLoneSurrogate } from '../adapters/fit.js';
import { timeline, text, anyMessage } from '../test/support/payload-arbitraries.js';
let bad = 0;
for (const m of fc.sample(timeline, { numRuns: 300, seed: 3 })) if (hasLoneSurrogate(m.text)) { bad++; if (bad < 3) console.log(JSON.stringify(m.text.slice(-40)), m.text.length); }
console.log('timeline bad', bad);
bad = 0;
for (const t of fc.sample(text, { numRuns: 300, seed: 3 })) if (hasLoneSurrogate(t)) bad++;
console.log('text bad', bad);
