import fc from 'fast-check';
import { fitStart, hasLoneSurrogate } from '../adapters/fit.js';
import { timeline } from '../test/support/payload-arbitraries.js';
for (const m of fc.sample(timeline, { numRuns: 300, seed: 3 })) {
  for (const line of m.text.split('\n')) if (hasLoneSurrogate(line)) { console.log(line.length, JSON.stringify(line.slice(-12))); const raw = line.replace(/^\*\d+\.\* /, ''); console.log('raw', raw.length); process.exit(0); }
}
