import { beforeAll, describe, expect, it } from "vitest";
import request from "supertest";
import { createRng } from "../../src/analysis/index.js";
import { readReportSettings, readStoredMargins } from "../../src/storage/sqlite-report-settings.js";
import { createTestApp, SHIPPED_SURVEYS, type TestApp } from "../helpers/app.js";
import { createUser, signIn } from "../helpers/auth.js";

let t: TestApp;
let admin: { cookie: string; csrf: string };

beforeAll(async () => {
  t = createTestApp(SHIPPED_SURVEYS);
  await createUser(t.db, "admin");
  admin = await signIn(t.app, "admin");
});

const rng = createRng(20261127);
const NASTY = [
  "",
  " ",
  "0",
  "-1",
  "1e3",
  "0,5",
  "0.5.5",
  "NaN",
  "Infinity",
  "15",
  "16",
  "200",
  "10000",
  "10001",
  "4294967295",
  "4294967296",
  "2",
  "20",
  "20,5",
  "si",
  "no",
  "verificati",
  "illustrativi",
  "=1+1",
  "<script>",
  "\u0000",
  "ü".repeat(300),
  "9".repeat(400),
];
const pick = () => NASTY[rng.nextInt(NASTY.length)];

const VALID: Record<string, string> = {
  w_D: "1",
  w_F: "1",
  w_U: "1",
  w_I: "1",
  w_P: "1",
  w_C: "1",
  gateThreshold: "0,5",
  topK: "5",
  replicates: "1000",
  seed: "1",
  trim: "5",
  excludeFlagged: "no",
  source: "Anagrafe",
  kind: "verificati",
  name: "m.csv",
};

/** Half the bodies are valid but for one field (so some are stored), half are noise. */
function randomBody(fields: string[]): string {
  const params = new URLSearchParams({ _csrf: admin.csrf });
  if (rng.next() < 0.5) {
    const odd = fields[rng.nextInt(fields.length)];
    for (const f of fields) params.append(f, f === odd ? pick() : VALID[f]);
    return params.toString();
  }
  for (const f of fields) {
    const r = rng.next();
    if (r < 0.1) continue; // missing
    params.append(f, pick());
    if (r > 0.9) params.append(f, pick()); // repeated: an array on the server
  }
  if (rng.next() < 0.5) params.append("csv", `variable,category,population\nquartiere,${pick()},${pick()}\n`);
  return params.toString();
}

describe("report settings and margins forms: random bodies", () => {
  it("never answer 5xx, and never store settings outside their ranges", async () => {
    const fields = [
      "w_D",
      "w_F",
      "w_U",
      "w_I",
      "w_P",
      "w_C",
      "gateThreshold",
      "topK",
      "replicates",
      "seed",
      "trim",
      "excludeFlagged",
    ];
    let stored = 0;
    for (let i = 0; i < 150; i++) {
      const res = await request(t.app)
        .post("/admin/questionari/cittadini/impostazioni-rapporto")
        .set("Cookie", admin.cookie)
        .type("form")
        .send(randomBody(fields));
      expect([303, 422], `body ${i}`).toContain(res.status);
      if (res.status === 303) stored++;
      const s = readReportSettings(t.db, "cittadini");
      const weights = Object.values(s.criteriaWeights);
      expect(weights.every((w) => Number.isFinite(w) && w >= 0)).toBe(true);
      expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      expect(s.gateThreshold >= 0 && s.gateThreshold <= 1).toBe(true);
      expect(Number.isInteger(s.topK) && s.topK >= 1 && s.topK <= 15).toBe(true);
      expect(Number.isInteger(s.replicates) && s.replicates >= 200 && s.replicates <= 10000).toBe(true);
      expect(Number.isInteger(s.seed) && s.seed >= 0 && s.seed <= 4294967295).toBe(true);
      expect(s.trim === 0 || (s.trim >= 2 && s.trim <= 20)).toBe(true);
    }
    // The invariants above were checked on settings that the form did store.
    expect(stored).toBeGreaterThan(10);
  });

  it("never answer 5xx to the margins form, and never store a file that does not parse", async () => {
    for (let i = 0; i < 100; i++) {
      const res = await request(t.app)
        .post("/admin/questionari/cittadini/margini")
        .set("Cookie", admin.cookie)
        .type("form")
        .send(randomBody(["source", "kind", "name"]));
      expect([303, 422], `body ${i}`).toContain(res.status);
      expect(readStoredMargins(t.db, "cittadini")).toBeUndefined();
    }
  });
});
