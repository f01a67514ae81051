import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "sportello-build-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `node dist/main.js` as `npm start` does and resolves with the port from its first log line. */
function startCompiled(): Promise<{ port: number; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, ["dist/main.js"], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DATABASE_PATH: join(dir, "prod.db"), LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let started = false;
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
    child.stderr.on("data", (d) => (out += d));
    child.stdout.on("data", (d) => {
      out += d;
      const line = out.split("\n").find((l) => l.includes('"port"'));
      if (!line || started) return;
      started = true;
      child.removeAllListeners("exit");
      const stop = () =>
        new Promise<number | null>((done) => {
          child.once("exit", (code) => done(code));
          child.kill("SIGTERM");
        });
      resolve({ port: JSON.parse(line).port as number, stop });
    });
  });
}

describe("production build (npm start runs prestart → build, then node dist/main.js)", () => {
  it("npm start runs the compiled JavaScript, not tsx", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(pkg.scripts.prestart).toBe("npm run build");
    expect(pkg.scripts.start).toMatch(/^node .*dist\/main\.js$/);
    expect(pkg.scripts.start).not.toContain("tsx");
  });

  it("compiles src/ to dist/ (workers included), serves /healthz and stops cleanly on SIGTERM", async () => {
    execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: ROOT, stdio: "pipe" });
    expect(existsSync(join(ROOT, "dist/main.js"))).toBe(true);
    expect(existsSync(join(ROOT, "dist/server.js"))).toBe(true);
    expect(existsSync(join(ROOT, "dist/storage/sqlite-report-worker.js"))).toBe(true);
    expect(existsSync(join(ROOT, "dist/assets/manifest.json"))).toBe(true);
    const server = await startCompiled();
    try {
      const health = await fetch(`http://127.0.0.1:${server.port}/healthz`);
      expect(health.status).toBe(200);
      expect((await health.json()).status).toBe("ok");
      const page = await fetch(`http://127.0.0.1:${server.port}/s/cittadini`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain("<html");
      // The built, hashed assets, not the sources.
      expect(html).toMatch(/href="\/assets\/bootstrap-italia\/css\/bootstrap-italia\.min\.[0-9a-f]{10}\.css"/);
      expect(html).not.toContain("/static/");
    } finally {
      expect(await server.stop()).toBe(0);
    }
    // The whole build (TypeScript, purged assets) and a server start: over 30 s with two suites on 2 cores.
  }, 180_000);
});
