import fc from 'fast-check';
import { escapeMarkdown } from 'discord.js';
import { splitText } from '../adapters/fit.js';
import { toDiscordMarkdown } from '../adapters/discord/render.js';
import { anyMessage } from '../test/support/payload-arbitraries.js';
const samples = fc.sample(anyMessage, { numRuns: 30, seed: 1 });
const m = samples[12]!;
for (const f of m.fields ?? []) {
  let t = Date.now(); const e = escapeMarkdown(f.value); const a = Date.now() - t;
  t = Date.now(); const p = splitText(e || '-', 1024); const b = Date.now() - t;
  if (a + b > 100) console.log('len', f.value.length, 'escape', a, 'split', b, 'pieces', p.length, JSON.stringify(f.value.slice(0, 30)));
}
let t = Date.now(); toDiscordMarkdown(m.text); console.log('md', Date.now() - t);
