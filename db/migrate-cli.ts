/** `npm run db:migrate`: apply pending migrations to DATABASE_URL (or the embedded database) and exit. */
import { loadConfig } from '../src/config.js';
import { openDatabase } from './client.js';

const config = loadConfig(process.env);
const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
await database.migrate();
await database.close();
process.stdout.write(`migrations applied (${database.kind})\n`);
