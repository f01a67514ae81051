import { loadConfig } from "./config.js";
import { startServer } from "./server.js";

// The only module with side effects at import: read the configuration and start (src/server.ts).
try {
  startServer(loadConfig());
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
