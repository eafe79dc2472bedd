import fc from 'fast-check';
import { timeline } from '../test/support/payload-arbitraries.js';
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
for (const m of fc.sample(timeline, { numRuns: 300, seed: 3 })) {
  const hit = LONE.exec(m.text);
  if (hit) { console.log(hit.index, m.text.length, JSON.stringify(m.text.slice(hit.index - 30, hit.index + 20))); break; }
}
