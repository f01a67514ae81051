import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import request from "supertest";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { demoBanner, demoConfig, prepareDemo, type DemoAccount } from "../../src/cli/demo-setup.js";
import { countResponsesByChannel } from "../../src/storage/sqlite-responses.js";
import { createTestApp, SHIPPED_SURVEYS } from "../helpers/app.js";
import { fetchLogin, postLogin } from "../helpers/auth.js";

const ROOT = join(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "demo-server-"));
let child: ChildProcess | undefined;
afterEach(() => child?.kill("SIGKILL"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = demoConfig({
  DEMO_DATABASE_PATH: join(dir, "data", "demo.db"),
  SURVEYS_DIR: SHIPPED_SURVEYS,
  DATABASE_PATH: join(dir, "real.db"),
});

describe("npm run demo", () => {
  let accounts: DemoAccount[];

  it("uses its own database, never DATABASE_PATH", () => {
    expect(config.databasePath).toBe(join(dir, "data", "demo.db"));
    expect(demoConfig({}).databasePath).toMatch(/data\/demo\.db$/);
  });

  it("fills a fresh database with 800 citizens and 60 staff, all synthetic, and one account per role that signs in", async () => {
    accounts = await prepareDemo(config);
    expect(accounts.map((a) => a.role)).toEqual(["admin", "analyst", "operator", "giunta"]);
    const t = createTestApp(SHIPPED_SURVEYS, config.databasePath);
    try {
      const citizens = countResponsesByChannel(t.db, "cittadini");
      expect(citizens.total).toBe(800);
      expect(citizens.synthetic).toBe(800);
      expect(countResponsesByChannel(t.db, "personale").synthetic).toBe(60);
      for (const a of accounts) {
        const login = await postLogin(t.app, { username: a.username, password: a.password });
        expect(login.status, a.username).toBe(303);
      }
      const wrong = await postLogin(t.app, { username: "admin", password: "una frase abbastanza lunga" });
      expect(wrong.status).toBe(401);
      const admin = accounts[0];
      const login = await postLogin(t.app, { username: admin.username, password: admin.password });
      const cookie = String(login.headers["set-cookie"][0]).split(";")[0];
      const home = await request(t.app).get("/admin").set("Cookie", cookie);
      expect(home.text).toContain("Questi dati sono simulati (dati simulati): non descrivono risposte reali.");
    } finally {
      t.db.$client.close();
    }
  }, 30_000);

  it("recreates the database each time: the same 800 responses, not 1,600, and new passwords", async () => {
    const again = await prepareDemo(config);
    expect(again.map((a) => a.password)).not.toEqual(accounts.map((a) => a.password));
    const t = createTestApp(SHIPPED_SURVEYS, config.databasePath);
    expect(countResponsesByChannel(t.db, "cittadini").total).toBe(800);
    t.db.$client.close();
  }, 30_000);

  it("starts the server and prints the address and every account with its password", async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    child = spawn(process.execPath, ["--import", "tsx", "src/cli/demo-server.ts"], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        DEMO_DATABASE_PATH: join(dir, "spawned.db"),
        SURVEYS_DIR: SHIPPED_SURVEYS,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    await new Promise<void>((resolve, reject) => {
      child!.stdout!.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("si ricrea a ogni avvio")) resolve();
      });
      child!.once("exit", (code) => reject(new Error(`demo exited with ${code}: ${out}`)));
    });
    expect(out).toContain(`http://localhost:${port}/login`);
    const giunta = /^\s+giunta\s+(\S+)\s+\(giunta\)$/m.exec(out)![1];
    const res = await fetchLogin(`http://127.0.0.1:${port}`, { username: "giunta", password: giunta });
    expect(res.status).toBe(303);
  }, 30_000);

  it("the banner names each role", () => {
    const text = demoBanner(3000, [{ username: "giunta", role: "giunta", password: "x".repeat(16) }]);
    expect(text).toContain("http://localhost:3000/login");
    expect(text).toMatch(/giunta\s+x{16}\s+\(giunta\)/);
  });
});
