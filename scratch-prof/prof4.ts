import fc from 'fast-check';
import { renderMessageParts } from '../adapters/slack/render.js';
import { anyMessage } from '../test/support/payload-arbitraries.js';
const samples = fc.sample(anyMessage, { numRuns: 30, seed: 1 });
const m = samples[0]!;
for (let i = 0; i < 3; i++) { const t = Date.now(); renderMessageParts(m); console.log('warm', Date.now() - t); }
