import { Writable } from "node:stream";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { openDatabase } from "../../src/db/client.js";
import { publishSurveys } from "../../src/storage/sqlite-surveys.js";
import { firstAdminSetupToken } from "../../src/storage/sqlite-accounts.js";
import express from "express";
import { createLogger, errorLog, redactUrl, requestLogger } from "../../src/ops/logging.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { createRegistry } from "../../src/surveys/registry.js";
import { FIXTURE_SURVEYS, TEST_CONFIG } from "../helpers/app.js";
import { Respondent } from "../helpers/respondent.js";

/** The real app logging to memory: every JSON line the request log writes. */
function loggedApp() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  const db = openDatabase(":memory:");
  const surveys = [...loadDefinitions(FIXTURE_SURVEYS).surveys.values()];
  publishSurveys(db, surveys);
  const app = createApp({
    db,
    registry: createRegistry(surveys),
    config: TEST_CONFIG,
    logger: createLogger("info", sink),
  });
  return { app, db, lines };
}

describe("request log", () => {
  it("writes one JSON line per request with method, path and status, and never the resume token", async () => {
    const { app, lines } = loggedApp();
    const r = new Respondent(app, "prova");
    await r.start();
    expect(r.token.length).toBeGreaterThan(10);
    await request(app).get(`/r/${r.token}/continua`);
    await request(app).get(`/login?next=${encodeURIComponent(`/r/${r.token}/riepilogo`)}`);
    const entries = lines.map((l) => JSON.parse(l));
    expect(
      entries.some((e) => e.req?.method === "POST" && e.req.url === "/s/prova/start" && e.res.statusCode === 303),
    ).toBe(true);
    expect(entries.some((e) => e.req?.url === "/r/[redatto]/continua")).toBe(true);
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const line of lines) expect(line).not.toContain(r.token);
  });

  it("never writes an activation or setup token, a cookie, a client address or a user agent", async () => {
    const { app, db, lines } = loggedApp();
    const token = firstAdminSetupToken(db) ?? "";
    expect(token.length).toBeGreaterThan(10);
    await request(app)
      .get(`/attivazione/${token}`)
      .set("User-Agent", "Agente-Segreto/1.0")
      .set("Cookie", "sid=biscotto-segreto");
    expect(lines.length).toBeGreaterThan(0);
    const all = lines.join("\n");
    expect(all).toContain("/attivazione/[redatto]");
    for (const secret of [token, "Agente-Segreto", "biscotto-segreto", "127.0.0.1", "::ffff"])
      expect(all).not.toContain(secret);
  });

  it("logs a 4xx as a warning and a 5xx as an error with its time, an error with the request it met, and no health check", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split("\n").filter(Boolean));
        done();
      },
    });
    const app = express();
    app.use(requestLogger(createLogger("info", sink)));
    app.get("/healthz", (_req, res) => void res.send("ok"));
    app.get("/r/:token/guasto", () => {
      throw new Error("guasto simulato");
    });
    app.use(((err, req, res, _next) => {
      errorLog(req).error(err);
      res.status(500).end();
    }) as express.ErrorRequestHandler);
    await request(app).get("/healthz").expect(200);
    await request(app).get("/nessuna-pagina").expect(404);
    await request(app).get("/r/segretissimo/guasto").expect(500);
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.map((e) => [e.level, e.msg])).toEqual([
      [40, "GET /nessuna-pagina 404"],
      [50, "guasto simulato"],
      [50, "GET /r/[redatto]/guasto 500"],
    ]);
    expect(entries[1]).toMatchObject({
      req: { method: "GET", url: "/r/[redatto]/guasto" },
      err: { message: "guasto simulato" },
    });
    expect(entries[2]).toMatchObject({ res: { statusCode: 500 }, responseTime: expect.any(Number) });
    expect(lines.join("\n")).not.toContain("segretissimo");
  });

  it("sends an error met outside the request log to the console", () => {
    expect(errorLog({ method: "GET", url: "/" } as never)).toBe(console);
  });

  it("redacts tokens inside an encoded return address too", () => {
    expect(redactUrl("/login?next=%2Fr%2Fabc123%2Friepilogo")).toBe("/login?next=%2Fr%2F[redatto]%2Friepilogo");
    expect(redactUrl("/r/abc/p/uno?lang=en")).toBe("/r/[redatto]/p/uno?lang=en");
    expect(redactUrl("/reports/cittadini")).toBe("/reports/cittadini");
  });
});

describe("compression", () => {
  it("sends pages gzip- or brotli-compressed to a browser that accepts it", async () => {
    const { app } = loggedApp();
    const br = await request(app).get("/s/prova").set("Accept-Encoding", "br, gzip");
    expect(br.status).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    const gz = await request(app).get("/s/prova").set("Accept-Encoding", "gzip");
    expect(gz.headers["content-encoding"]).toBe("gzip");
  });
});
