import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { citizenColumns } from "../../src/analysis/columns.js";
import { individualScores, rankServices } from "../../src/analysis/index.js";
import { answeredSets, type MaxdiffQuestion } from "../../src/surveys/kinds/maxdiff.js";
import { DEMO_SEED } from "../../src/cli/demo-setup.js";
import { generateResponses, parseMargins, type SyntheticResponse } from "../../src/demo/generator.js";
import { citizenRecord, questionsByRole, staffRecord } from "../../src/report/records.js";
import { activeServices } from "../../src/surveys/options.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { validateAnswers } from "../../src/surveys/validate.js";
import { SHIPPED_SURVEYS } from "../helpers/app.js";

const { surveys } = loadDefinitions(SHIPPED_SURVEYS);
const citizenSurvey = surveys.get("cittadini")!;
const staffSurvey = surveys.get("personale")!;
const margins = parseMargins(readFileSync(join(import.meta.dirname, "../../reports/margins/limbiate.csv"), "utf8"));
const generate = (seed: number, citizens = 2000, staff = 200): SyntheticResponse[] =>
  generateResponses({ seed, citizens, staff, citizenSurvey, staffSurvey, margins });

const big = generate(20261127);
const citizens = big.filter((r) => r.surveyId === "cittadini");
const staff = big.filter((r) => r.surveyId === "personale");

const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
const uses = (r: SyntheticResponse, code: string): boolean => (r.answers.servizi_usati ?? "").split(" ").includes(code);
const share = (rs: SyntheticResponse[], test: (r: SyntheticResponse) => boolean): number =>
  rs.filter(test).length / rs.length;
const OFFICES: Record<string, number> = { "1": 1, "2": 2, "3_piu": 3.5 };
function meanOffices(codes: string[]): number {
  return mean(
    citizens.flatMap((r) =>
      codes
        .map((c) => r.answers[`uffici/${c}`])
        .filter(Boolean)
        .map((v) => OFFICES[v]),
    ),
  );
}

describe("synthetic Limbiate generator", () => {
  it("gives the same responses, ids and times included, for the same seed; another seed differs", () => {
    expect(generate(7, 300, 30)).toEqual(generate(7, 300, 30));
    expect(generate(8, 300, 30).map((r) => r.answers)).not.toEqual(generate(7, 300, 30).map((r) => r.answers));
    // Respondent i is the same whatever the sample size.
    expect(generate(7, 100, 10).slice(0, 100)).toEqual(generate(7, 300, 30).slice(0, 100));
    expect(new Set(big.map((r) => r.meta.responseId)).size).toBe(big.length);
  });

  it.each([1, 42, 20261127])(
    "passes the questionnaires' own validation, unchanged, for every response (seed %i)",
    (seed) => {
      const responses = seed === 20261127 ? big : generate(seed);
      expect(responses).toHaveLength(2200);
      for (const r of responses) {
        const checked = validateAnswers(surveys.get(r.surveyId)!, r.answers, r.meta.lang);
        expect(checked.ok, JSON.stringify(checked)).toBe(true);
        // Nothing generated is dropped as hidden or foreign to the questionnaire.
        if (checked.ok) expect(checked.answers).toEqual(r.answers);
      }
    },
  );

  it("reproduces the quartiere margins within a few points, and age bands too", () => {
    const quartieri = margins.get("quartiere")!;
    const total = [...quartieri.values()].reduce((s, n) => s + n, 0);
    for (const [q, n] of quartieri)
      expect(Math.abs(share(citizens, (r) => r.answers.quartiere === q) - n / total), q).toBeLessThan(0.03);
    const cells = margins.get("eta*sesso")!;
    const old = [...cells].filter(([c]) => c.startsWith("75_piu")).reduce((s, [, n]) => s + n, 0) / total;
    expect(Math.abs(share(citizens, (r) => r.answers.eta === "75_piu") - old)).toBeLessThan(0.03);
    const other = share(citizens, (r) => r.answers.sesso === "altro" || r.answers.sesso === "non_dire");
    expect(other).toBeGreaterThan(0.003);
    expect(other).toBeLessThan(0.05);
  });

  it("parents use school services and the nursery more than people without children", () => {
    const parents = citizens.filter((r) => (r.answers.nucleo ?? "").includes("figli_minori"));
    const others = citizens.filter((r) => r.answers.nucleo !== undefined && !r.answers.nucleo.includes("figli_minori"));
    expect(parents.length).toBeGreaterThan(200);
    expect(share(parents, (r) => uses(r, "servizi_scolastici"))).toBeGreaterThan(
      5 * share(others, (r) => uses(r, "servizi_scolastici")),
    );
    expect(share(parents, (r) => uses(r, "nido"))).toBeGreaterThan(share(others, (r) => uses(r, "nido")));
  });

  it("over-65s use the CIE, certificates and cemetery services more than younger people", () => {
    const old = citizens.filter((r) => r.answers.eta === "65_74" || r.answers.eta === "75_piu");
    const young = citizens.filter((r) => !old.includes(r));
    for (const code of ["cie", "certificati", "cimiteriali"])
      expect(
        share(old, (r) => uses(r, code)),
        code,
      ).toBeGreaterThan(1.4 * share(young, (r) => uses(r, code)));
  });

  it("foreign residents (about 12 %) change residence more and answer in English more often", () => {
    const foreign = citizens.filter((r) => r.answers.cittadinanza === "ue" || r.answers.cittadinanza === "extra_ue");
    const italians = citizens.filter((r) => r.answers.cittadinanza === "italiana");
    expect(foreign.length / citizens.length).toBeGreaterThan(0.08);
    expect(foreign.length / citizens.length).toBeLessThan(0.16);
    expect(share(foreign, (r) => uses(r, "residenza"))).toBeGreaterThan(
      2 * share(italians, (r) => uses(r, "residenza")),
    );
    expect(share(foreign, (r) => r.meta.lang === "en")).toBeGreaterThan(
      share(italians, (r) => r.meta.lang === "en") + 0.15,
    );
  });

  it("fragmented services mean more offices and lower satisfaction", () => {
    const fragmented = ["titoli_edilizi", "suap", "servizi_sociali", "tari"];
    const simple = ["certificati", "pagamenti", "protocollo"];
    expect(meanOffices(fragmented)).toBeGreaterThan(meanOffices(simple) + 0.5);
    const sat = (codes: string[]): number =>
      mean(
        citizens.flatMap((r) =>
          codes
            .map((c) => r.answers[`soddisfazione/${c}`])
            .filter((v) => v && v !== "non_so")
            .map(Number),
        ),
      );
    expect(sat(fragmented)).toBeLessThan(sat(simple) - 1);
  });

  it("importance goes with use (best–worst scores) and the top 3 follows importance", () => {
    const q = citizenSurvey.definition.pages
      .flatMap((p) => p.questions)
      .find((x): x is MaxdiffQuestion => x.type === "maxdiff")!;
    const scores = (r: SyntheticResponse) => individualScores(answeredSets(q, citizenSurvey.catalogue, r.answers));
    const byUse = (used: boolean): number =>
      mean(
        citizens.flatMap((r) =>
          ["cie", "tari", "servizi_scolastici"]
            .filter((c) => uses(r, c) === used)
            .map((c) => scores(r)[c])
            .filter((v): v is number => v !== undefined),
        ),
      );
    expect(byUse(true)).toBeGreaterThan(byUse(false) + 0.3);
    // The first choice of the top 3 is, for most people, not a service they marked least important.
    const ranked = citizens.filter(
      (r) => r.answers.prime_tre && answeredSets(q, citizenSurvey.catalogue, r.answers).length > 0,
    );
    const consistent = ranked.filter((r) => (scores(r)[r.answers.prime_tre.split(" ")[0]] ?? 0) >= 0);
    expect(consistent.length / ranked.length).toBeGreaterThan(0.85);
  });

  it("has a few speeders, straight-liners, 'non so' answers and all three channels, paper with an operator", () => {
    // A paper form has no measured time.
    expect(citizens.filter((r) => r.meta.channel === "paper").every((r) => r.meta.startedAt === null)).toBe(true);
    const seconds = citizens
      .filter((r) => r.meta.channel !== "paper")
      .map((r) => (Date.parse(r.meta.submittedAt) - Date.parse(r.meta.startedAt!)) / 1000);
    const median = [...seconds].sort((a, b) => a - b)[seconds.length >> 1];
    const speeders = seconds.filter((s) => s < median / 3).length / seconds.length;
    expect(speeders).toBeGreaterThan(0.01);
    expect(speeders).toBeLessThan(0.1);
    const q = citizenSurvey.definition.pages
      .flatMap((p) => p.questions)
      .find((x): x is MaxdiffQuestion => x.type === "maxdiff")!;
    const straight = share(citizens, (r) => {
      // Answering by position: the first item best and the last worst in every set.
      const sets = answeredSets(q, citizenSurvey.catalogue, r.answers);
      return sets.length >= 4 && sets.every((s) => s.best === s.items[0] && s.worst === s.items[s.items.length - 1]);
    });
    expect(straight).toBeGreaterThan(0.01);
    expect(straight).toBeLessThan(0.1);
    // "Non so" now comes only from the satisfaction grid and the overall mark (the importance grid is gone).
    expect(share(citizens, (r) => Object.values(r.answers).includes("non_so"))).toBeGreaterThan(0.04);
    for (const channel of ["web", "kiosk", "paper"])
      expect(
        share(citizens, (r) => r.meta.channel === channel),
        channel,
      ).toBeGreaterThan(0.05);
    for (const r of big) expect(Boolean(r.meta.enteredBy)).toBe(r.meta.channel === "paper");
    const days =
      (Math.max(...big.map((r) => Date.parse(r.meta.submittedAt))) -
        Math.min(...big.map((r) => Date.parse(r.meta.submittedAt)))) /
      86_400_000;
    expect(days).toBeGreaterThan(35);
    expect(days).toBeLessThanOrEqual(42);
  });

  it("staff answer only their own area's services, with views that fit the area", () => {
    const areaOf = new Map(staffSurvey.catalogue!.services.map((s) => [s.code, s.area]));
    const areas = new Map<string, number>();
    for (const r of staff) {
      areas.set(r.answers.area, (areas.get(r.answers.area) ?? 0) + 1);
      for (const key of Object.keys(r.answers)) {
        const [question, code] = key.split("/");
        if (
          ["contatti", "incomplete", "gravita", "fattibilita", "tempo_contatto"].includes(question) ||
          question.startsWith("vincolo_")
        )
          expect(areaOf.get(code), key).toBe(r.answers.area);
      }
    }
    const largest = [...areas].sort((a, b) => b[1] - a[1])[0][0];
    expect(largest).toBe("demografici");
    const feasibility = (area: string, values: string[]): number => {
      const all = staff
        .filter((r) => r.answers.area === area)
        .flatMap((r) =>
          Object.entries(r.answers)
            .filter(([k]) => k.startsWith("fattibilita/"))
            .map(([, v]) => v),
        );
      return all.filter((v) => values.includes(v)).length / all.length;
    };
    expect(feasibility("demografici", ["inform", "file", "process"])).toBeGreaterThan(0.75);
    expect(feasibility("tecnico", ["specialist"])).toBeGreaterThan(feasibility("demografici", ["specialist"]) + 0.2);
  });

  it("gives the macro-areas fixed sizes (quotas), demografici the largest", () => {
    const sizes: Record<string, number> = {};
    for (const r of generate(3, 0, 60)) sizes[r.answers.area] = (sizes[r.answers.area] ?? 0) + 1;
    expect(sizes).toEqual({
      demografici: 17,
      persona: 12,
      tecnico: 9,
      tributi: 7,
      polizia_locale: 7,
      affari_generali: 6,
      altro: 2,
    });
  });

  it("the demo's data give the giunta a plausible ranking: TARI near the top, building and SUAP left to specialists", () => {
    const demo = generate(DEMO_SEED, 800, 60);
    const categories = new Map([...margins].map(([k, v]) => [k, new Set(v.keys())]));
    const citizenRecords = demo
      .filter((r) => r.surveyId === "cittadini")
      .map((r) =>
        citizenRecord(questionsByRole(citizenSurvey), r.answers, categories, "quartiere", {
          catalogue: citizenSurvey.catalogue,
        }),
      );
    const staffRecords = demo
      .filter((r) => r.surveyId === "personale")
      .map((r) => staffRecord(questionsByRole(staffSurvey), r.answers));
    const result = rankServices(
      citizenColumns(citizenRecords),
      staffRecords,
      activeServices(citizenSurvey.catalogue!).map((c) => c.value),
    );
    expect(result.ranking.slice(0, 5).map((r) => r.service)).toContain("tari");
    for (const code of ["titoli_edilizi", "suap"]) expect(result.excluded.map((r) => r.service)).toContain(code);
    expect(result.ranking.findIndex((r) => r.service === "tari")).toBeLessThan(
      result.ranking.findIndex((r) => r.service === "protocollo"),
    );
  });

  it("reads the margins file and refuses a malformed one", () => {
    expect(margins.get("quartiere")!.get("centro")).toBe(8790);
    expect(() => parseMargins("a,b,c\n")).toThrow(/variable,category,population/);
    expect(() => parseMargins("variable,category,population\nquartiere,centro,molti\n")).toThrow(/non valida/);
    expect(() => parseMargins("variable,category,population\nquartiere,centro,10\n")).toThrow(/eta\*sesso/);
  });
});
