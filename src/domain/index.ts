/**
 * The domain vocabulary: every value the code, the database and the catalogs agree on, defined
 * once. Each list is an `as const` array with its union type derived from it and an `isX` guard
 * for values arriving from outside (jsonb, platform payloads, environment). `db/schema.ts` builds
 * its column types and CHECK constraints from these arrays, so the database refuses a value the
 * code does not know. Add a value here, then `npm run db:generate` for the new constraint.
 */
export * from './block.js';
export * from './complaint.js';
export * from './files.js';
export { oneOf } from './guard.js';
export * from './inbox.js';
export * from './intake.js';
export * from './interaction.js';
export * from './outbox.js';
export * from './platform.js';
export * from './staff.js';
export * from './tenant.js';
