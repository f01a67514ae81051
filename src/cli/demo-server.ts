import { startServer } from "../server.js";
import { demoBanner, demoConfig, prepareDemo } from "./demo-setup.js";

// `npm run demo`: a fresh demo database full of synthetic answers, then the ordinary server on it.
try {
  const config = demoConfig();
  const accounts = await prepareDemo(config);
  startServer(config, () => console.log(demoBanner(config.port, accounts)));
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
