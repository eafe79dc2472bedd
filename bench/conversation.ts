/**
 * The conversation corpus figures (issue #10): how many customers reach a code, in how many
 * turns, how often the slots and the mood are understood right, how many questions repeat.
 *
 *   npm run bench:conversation            # prints the figures
 *   npm run bench:conversation -- --show  # and every transcript
 *
 * Uses DATABASE_URL (a fresh database is created and dropped) or in-memory PGlite.
 */
import { CORPUS } from '../test/conversation/corpus.js';
import { drive, figures } from '../test/conversation/drive.js';
import { createHarness } from '../test/support/harness.js';

const show = process.argv.includes('--show');
const h = await createHarness();
const results = [];
try {
  for (const [i, c] of CORPUS.entries()) {
    const r = await drive(h, c, i);
    results.push(r);
    if (show) {
      process.stdout.write(
        `\n— ${c.name} (${c.locale}, ${c.tags.join(', ')}) → ${r.code ?? 'NO CODE'} in ${r.turns} turns\n`,
      );
      process.stdout.write(`${r.transcript.join('\n')}\n`);
    }
  }
} finally {
  await h.close();
}
const f = figures(results);
const pct = (x: number) => `${Math.round(x * 100)} %`;
const lines = [
  ['customers', f.customers],
  [
    'reached a code',
    `${f.reachedCode}/${f.customers} (typed-only ${f.typedReached}, click-only ${f.clickedReached})`,
  ],
  ['median turns, specific opener', f.medianTurnsSpecific],
  ['median turns, vague opener', f.medianTurnsVague],
  ['category right', pct(f.categoryRight)],
  ['severity right', pct(f.severityRight)],
  ['outcome right', pct(f.outcomeRight)],
  ['all three right at restatement', pct(f.allThreeRight)],
  ['all three right as filed', pct(f.filedRight)],
  ['mood right', `${pct(f.moodRight)} (of those filed: ${pct(f.moodRightOfFiled)})`],
  ['questions repeated verbatim', f.repeatedQuestions],
];
for (const [k, v] of lines) process.stdout.write(`${String(k).padEnd(32)} ${v}\n`);
const held = results.filter((r) => r.customer.heldOut);
if (held.length > 0) {
  const h2 = figures(held);
  process.stdout.write(
    `\nheld out (${h2.customers}): category ${pct(h2.categoryRight)}, severity ${pct(h2.severityRight)}, outcome ${pct(h2.outcomeRight)}, all three ${pct(h2.allThreeRight)}, mood ${pct(h2.moodRight)}, reached ${h2.reachedCode}/${h2.customers}\n`,
  );
}
const misses = results.filter(
  (r) =>
    !r.code ||
    (['category', 'severity', 'outcome'] as const).some((s) => r.understood?.[s] !== r.customer.expect[s]) ||
    r.filed?.mood !== r.customer.expect.mood,
);
if (misses.length > 0) {
  process.stdout.write('\nmisses:\n');
  for (const r of misses)
    process.stdout.write(
      `  ${r.customer.name}: ${r.code ?? 'no code'}; understood ${JSON.stringify(r.understood)} mood ${r.filed?.mood} ; expected ${JSON.stringify(r.customer.expect)}\n`,
    );
}
