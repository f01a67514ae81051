import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = join(import.meta.dirname, "../..");
const read = (path: string): string => readFileSync(join(ROOT, path), "utf8");

/** The top-level folders the compiled server reads at run time (join(import.meta.dirname | ROOT, "…")). */
function foldersReadAtRunTime(dir = join(ROOT, "src")): Set<string> {
  const found = new Set<string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) for (const f of foldersReadAtRunTime(path)) found.add(f);
    else if (entry.name.endsWith(".ts") && !path.includes(`${join("src", "cli")}`)) {
      const text = readFileSync(path, "utf8");
      for (const m of text.matchAll(/join\(import\.meta\.dirname, "(?:\.\.\/)+([a-z][a-z_-]*)/g)) found.add(m[1]);
      for (const m of text.matchAll(/join\(ROOT, "([a-z][a-z_-]*)/g)) found.add(m[1]);
    }
  }
  return found;
}

describe("Dockerfile", () => {
  const dockerfile = read("Dockerfile");
  const runStage = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));

  it("runs the compiled server as an unprivileged user, with a data volume and a health check on /healthz", () => {
    expect(runStage).toMatch(/^USER node$/m);
    expect(runStage).toMatch(/^VOLUME \["\/data"\]$/m);
    expect(runStage).toContain("DATABASE_PATH=/data/sportello.db");
    expect(runStage).toMatch(/^HEALTHCHECK [\s\S]*\/healthz/m);
    expect(runStage).toMatch(/^CMD \["node", .*"dist\/main\.js"\]$/m);
    expect(dockerfile).toContain("npm prune --omit=dev");
  });

  it("copies into the image every folder the server reads at run time", () => {
    const copied = new Set(
      [...runStage.matchAll(/^COPY (?:--from=build )?(?:\/app\/)?([a-z_-]+)\b/gm)].map((m) => m[1]),
    );
    const needed = foldersReadAtRunTime();
    expect(needed.size).toBeGreaterThan(2);
    for (const folder of needed) expect(copied.has(folder), `Dockerfile does not copy ${folder}/`).toBe(true);
  });
});

describe("compose.yaml", () => {
  it("puts a reverse proxy terminating HTTPS in front of the app, which keeps its data in a volume", () => {
    const compose = parse(read("compose.yaml")) as { services: Record<string, any>; volumes: Record<string, unknown> };
    expect(compose.services.caddy.ports).toContain("443:443");
    expect(compose.services.sportello.volumes).toContain("sportello-data:/data");
    expect(compose.services.sportello.environment.TRUST_PROXY).toBe("1");
    expect(compose.services.caddy.depends_on.sportello.condition).toBe("service_healthy");
    expect(read("deploy/Caddyfile")).toContain("reverse_proxy sportello:3000");
  });
});

describe("systemd unit", () => {
  it("runs the compiled JavaScript as its own user, stops with SIGTERM and writes only its state directory", () => {
    const unit = read("deploy/sportello.service");
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/node .*dist\/main\.js$/m);
    expect(unit).toMatch(/^User=sportello$/m);
    expect(unit).toMatch(/^KillSignal=SIGTERM$/m);
    expect(unit).toMatch(/^ProtectSystem=strict$/m);
    expect(unit).toMatch(/^Environment=DATABASE_PATH=\/var\/lib\/sportello\//m);
  });
});
