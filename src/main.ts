import { loadConfig } from "./config.js";
import { startPostgresServer, startServer } from "./server.js";

// The only module with side effects at import: read the configuration and start (src/server.ts).
// DATABASE_URL selects PostgreSQL (docs/postgresql.md); without it the embedded SQLite (DATABASE_PATH).
const fail = (error: unknown): never => {
  console.error((error as Error).message);
  process.exit(1);
};
try {
  const config = loadConfig();
  if (config.databaseUrl) startPostgresServer({ ...config, databaseUrl: config.databaseUrl }).catch(fail);
  else startServer(config);
} catch (error) {
  fail(error);
}
