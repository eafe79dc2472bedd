import fc from 'fast-check';
import { renderMessageParts as slackParts } from '../adapters/slack/render.js';
import { renderMessageParts as discordParts } from '../adapters/discord/render.js';
import { anyMessage, relay } from '../test/support/payload-arbitraries.js';
let t = Date.now();
const samples = fc.sample(anyMessage, { numRuns: 30, seed: 1 });
console.log('sample', Date.now() - t, samples.map(s=>s.text.length + (s.fields??[]).reduce((a,f)=>a+f.value.length,0)).join(','));
for (const [i, m] of samples.entries()) {
  t = Date.now(); slackParts(m); const a = Date.now() - t;
  t = Date.now(); discordParts(m); const b = Date.now() - t;
  if (a + b > 50) console.log(i, 'slack', a, 'discord', b, m.text.length);
}
