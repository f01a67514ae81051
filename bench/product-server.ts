import type { AddressInfo } from "node:net";
import { loadConfig } from "../src/config.js";
import { startPostgresServer, startServer } from "../src/server.js";

/**
 * The product as `npm start` runs it (startServer), on the benchmark's database, as a child process
 * so that the load generator does not share its event loop. TRUST_PROXY is set because the benchmark
 * sends each request as coming from a different citizen (X-Forwarded-For): the rate limits per address
 * stay on, as in production, and never throttle the benchmark. With DATABASE_URL in its environment it
 * runs on PostgreSQL (startPostgresServer), as `npm start` does; several such children are app nodes
 * of one database.
 */
const config = loadConfig({
  ...process.env,
  PORT: "0",
  HOST: "127.0.0.1",
  DATABASE_PATH: process.argv[2],
  TRUST_PROXY: "1",
  MAX_OPEN_DRAFTS: "1000000",
});
const idle = { rss: 0 };
const listening = (running: { server: { address(): unknown } }): void => {
  idle.rss = process.memoryUsage().rss;
  process.send?.({ port: (running.server.address() as AddressInfo).port });
};
const { databaseUrl } = config;
if (databaseUrl) await startPostgresServer({ ...config, databaseUrl }, listening);
else startServer(config, listening);
process.on("message", (m) => {
  // maxRSS is the kernel's high-water mark of the whole process: no sample can miss a peak.
  if (m === "memory")
    process.send?.({
      maxRss: process.resourceUsage().maxRSS * 1024,
      rss: process.memoryUsage().rss,
      idleRss: idle.rss,
    });
});
process.on("disconnect", () => process.exit(0));
