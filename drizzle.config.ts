import { defineConfig } from 'drizzle-kit';

// drizzle-kit only generates SQL from the schema; the app applies the committed migrations at start.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.ts',
  out: './db/migrations',
});
