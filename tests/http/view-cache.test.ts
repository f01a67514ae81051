import { describe, expect, it } from "vitest";
import request from "supertest";
import { createTestApp } from "../helpers/app.js";

describe("templates", () => {
  // Without the cache every page re-read and recompiled each template it includes: ten times slower
  // (BENCHMARKS.md). Express turns it on only with NODE_ENV=production, which nothing sets.
  it("are compiled once and kept, whatever NODE_ENV says", async () => {
    const { app } = createTestApp();
    expect(app.enabled("view cache")).toBe(true);
    expect((await request(app).get("/s/prova")).status).toBe(200);
  });
});
