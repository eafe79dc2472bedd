import { defineConfig } from 'vitest/config';

/**
 * `npm run test:chaos`: the resilience suite (real processes killed and restarted, a private
 * Postgres server stopped and started). Slower than `npm test`, so kept apart; CI runs both.
 */
export default defineConfig({
  test: {
    include: ['test/chaos/**/*.chaos.ts'],
    pool: 'forks',
    // Each case boots the real app (tsx) once or twice; on a busy two-core machine that is slow.
    testTimeout: 300_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    allowOnly: false,
  },
});
