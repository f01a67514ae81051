import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { designShare, designShares, rake, type DesignEstimate } from "../../src/analysis/index.js";
import { createRng } from "../../src/analysis/random.js";

const dir = fileURLToPath(new URL("../fixtures/r/", import.meta.url));

/** R's output from tests/fixtures/r/make-calibration.R (survey::calibrate then svymean). */
const ref = JSON.parse(readFileSync(dir + "calibration.json", "utf8")) as {
  margins: Record<string, Record<string, number>>;
  raked: { estimates: { usedCeresolo: RShare; canale: RShare[] } };
};
interface RShare {
  estimate: number;
  se: number;
  effectiveN: number;
  low: number;
  high: number;
}

const [header, ...lines] = readFileSync(dir + "calibration-respondents.csv", "utf8")
  .trim()
  .split("\n");
const rows = lines.map((l) => Object.fromEntries(l.split(",").map((v, k) => [header.split(",")[k], v])));
const { design } = rake(
  rows.map((r) => ({ eta: r.eta, sesso: r.sesso, quartiere: r.quartiere })),
  ref.margins,
);
const units = rows.map((_, i) => i);

function expectClose(actual: number | null, expected: number | null, tolerance: number): void {
  if (expected === null) {
    expect(actual).toBeNull();
    return;
  }
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)));
}

function expectSame(got: DesignEstimate, want: DesignEstimate): void {
  expect(got.n).toBe(want.n);
  expect(got.df).toBe(want.df);
  for (const field of ["estimate", "se", "effectiveN", "low", "high"] as const) {
    const w = want[field];
    if (w !== null && Number.isNaN(w)) expect(got[field]).toBeNaN();
    else expectClose(got[field], w, 1e-9);
  }
}

describe("designShares: every category of a question in one pass", () => {
  it("agrees with R's survey::svymean on the raked design, for a whole-sample question and a domain", () => {
    const canale = designShares(
      design,
      units,
      rows.map((r) => r.canale),
      ["carta", "sportello", "web"],
    );
    ["carta", "sportello", "web"].forEach((c, k) => {
      const want = ref.raked.estimates.canale[k];
      const got = canale.get(c)!;
      for (const field of ["estimate", "se", "effectiveN", "low", "high"] as const)
        expectClose(got[field], want[field], 1e-6);
    });
    const inCeresolo = rows.map((r) => (r.quartiere === "Ceresolo" ? r.used : undefined));
    const used = designShares(design, units, inCeresolo, ["1", "0"]).get("1")!;
    for (const field of ["estimate", "se", "effectiveN", "low", "high"] as const)
      expectClose(used[field], ref.raked.estimates.usedCeresolo[field], 1e-6);
  });

  it("gives what designShare gives category by category: multiple choices, repeats, empty categories, tiny and empty domains", () => {
    const rng = createRng(7);
    const random = () => rng.next();
    const categories = ["a", "b", "c", "d", "mai"];
    const multiple = rows.map((): string[] | undefined =>
      random() < 0.2 ? undefined : ["a", "b", "c", "a"].filter(() => random() < 0.4),
    );
    const single = rows.map((): string | undefined => (random() < 0.3 ? undefined : "abc"[Math.floor(random() * 3)]));
    const onlyOne = rows.map((_, i) => (i === 3 ? "a" : undefined));
    const nobody = rows.map(() => undefined);
    for (const answers of [multiple, single, onlyOne, nobody]) {
      const all = designShares(design, units, answers, categories);
      for (const c of categories) {
        const indicator = answers.map((a) =>
          a === undefined ? Number.NaN : (typeof a === "string" ? a === c : a.includes(c)) ? 1 : 0,
        );
        expectSame(all.get(c)!, designShare(design, indicator));
      }
    }
  });

  it("follows the answers to their design units when the order differs", () => {
    const order = units.map((_, j) => units.length - 1 - j);
    const answers = rows.map((r) => r.canale);
    const shuffled = designShares(
      design,
      order,
      order.map((i) => answers[i]),
      ["carta", "web"],
    );
    const straight = designShares(design, units, answers, ["carta", "web"]);
    for (const c of ["carta", "web"]) expectSame(shuffled.get(c)!, straight.get(c)!);
  });
});
