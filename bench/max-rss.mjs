// Preloaded (`node --import`) into a process the benchmark runs: at exit, writes the process's peak
// resident memory (all its threads, from the kernel) to the file named in BENCH_MAX_RSS_FILE. Plain
// JavaScript, so that the compiled product runs without tsx.
import { writeFileSync } from "node:fs";

process.on("exit", () => {
  if (process.env.BENCH_MAX_RSS_FILE)
    writeFileSync(process.env.BENCH_MAX_RSS_FILE, String(process.resourceUsage().maxRSS * 1024));
});
