import type { AddressInfo } from "node:net";
import { loadConfig } from "../src/config.js";
import { startServer } from "../src/server.js";

/**
 * The product as `npm start` runs it (startServer), on the benchmark's database, as a child process
 * so that the load generator does not share its event loop. TRUST_PROXY is set because the benchmark
 * sends each request as coming from a different citizen (X-Forwarded-For): the rate limits per address
 * stay on, as in production, and never throttle the benchmark.
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
startServer(config, (running) => {
  idle.rss = process.memoryUsage().rss;
  process.send?.({ port: (running.server.address() as AddressInfo).port });
});
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
