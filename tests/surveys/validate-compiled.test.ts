import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { generateResponses, parseMargins } from "../../src/demo/generator.js";
import { parsePage } from "../../src/surveys/answers.js";
import { compileCondition, evaluate } from "../../src/surveys/conditions.js";
import { askedQuestions, isAsked, pageParts } from "../../src/surveys/flow.js";
import { KINDS, kindOf } from "../../src/surveys/kinds/index.js";
import { loadDefinitions, parseDefinitions, type LoadedSurvey } from "../../src/surveys/loader.js";
import type { Lang } from "../../src/surveys/messages.js";
import type { Answers } from "../../src/surveys/options.js";
import type { Condition } from "../../src/surveys/schema.js";
import { answersToBody, validateAnswers } from "../../src/surveys/validate.js";
import { SHIPPED_SURVEYS } from "../helpers/app.js";

/**
 * The page-by-page replay that validateAnswers was before it was compiled (every page's form fields
 * rebuilt from the answers and sent through parsePage), kept here as the reference the compiled
 * validation must equal: same answers in the same key order, same first page, same errors.
 */
function replay(survey: LoadedSurvey, answers: Answers, lang: Lang): ReturnType<typeof validateAnswers> {
  let accepted: Answers = {};
  for (const whole of survey.definition.pages) {
    for (const page of pageParts(survey, whole, accepted)) {
      if (askedQuestions(survey, page, accepted).length === 0) continue;
      const body = answersToBody(page.questions, answers);
      const result = parsePage(survey, page, body, accepted, lang);
      if (result.errors.length) return { ok: false, page: { pageId: page.id, errors: result.errors } };
      accepted = { ...accepted, ...result.answers };
    }
  }
  return { ok: true, answers: accepted };
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, "utf8"));
const shipped = loadDefinitions(SHIPPED_SURVEYS).surveys;
const citizens = shipped.get("cittadini")!;
const staff = shipped.get("personale")!;
const released = parseDefinitions(
  new Map<string, unknown>([
    ["servizi.json", readJson(join(SHIPPED_SURVEYS, "servizi.json"))],
    ["cittadini.json", readJson(join(import.meta.dirname, "../fixtures/released/cittadini-v2.json"))],
  ]),
).definitions.surveys.get("cittadini")!;
const prova = loadDefinitions(join(import.meta.dirname, "../fixtures/surveys")).surveys.get("prova")!;
const margins = parseMargins(readFileSync(join(import.meta.dirname, "../../reports/margins/limbiate.csv"), "utf8"));
const generated = generateResponses({
  seed: 20261201,
  citizens: 1500,
  staff: 150,
  citizenSurvey: citizens,
  staffSurvey: staff,
  margins,
});

/** A small seeded generator (mulberry32), so that every run breaks the same answers in the same ways. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every answer key a version's CSV has, with the values its kinds offer, for random answers. */
function valuePool(survey: LoadedSurvey): { keys: string[]; values: string[] } {
  const keys: string[] = [];
  const values = new Set(["", " ", "0", "1", "2", "5", "11", "3,5", "-1", "01", "non_so", "other", "x", "a  b"]);
  for (const page of survey.definition.pages) {
    for (const q of page.questions) {
      const kind = kindOf(q);
      for (const column of kind.columns(q, survey)) keys.push(column.key);
      for (const c of kind.choices(q, survey)) values.add(c.value);
      for (const c of kind.rows?.(q, survey, null) ?? []) values.add(c.value);
    }
  }
  for (const v of [
    "2025-03-31",
    "31/03/2025",
    "2025-02-30",
    "testo",
    " testo ",
    "riga\nnuova",
    "\u0007",
    "x".repeat(201),
  ])
    values.add(v);
  return { keys, values: [...values] };
}

/** Breaks a set of answers in one of the ways a hand-edited file does. */
function mutate(answers: Answers, survey: LoadedSurvey, pool: { keys: string[]; values: string[] }, rnd: () => number) {
  const out = { ...answers };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const present = Object.keys(out);
  const key = present.length && rnd() < 0.7 ? pick(present) : pick(pool.keys);
  const value = out[key] ?? "";
  switch (Math.floor(rnd() * 10)) {
    case 0:
      delete out[key];
      break;
    case 1:
      out[key] = pick(pool.values);
      break;
    case 2:
      out[key] = ` ${value}`;
      break;
    case 3:
      out[key] = value.split(" ").reverse().join(" ");
      break;
    case 4:
      out[key] = `${value} ${value}`;
      break;
    case 5:
      out[key] = "";
      break;
    case 6:
      out[`${key.split("/")[0]}/other`] = pick(["altro", " altro", "", "x".repeat(201)]);
      break;
    case 7:
      out[`${key.split("/")[0]}/${Math.ceil(rnd() * 4)}`] = pick(pool.values);
      break;
    case 8:
      out[pick(pool.keys)] = pick(pool.values);
      break;
    default:
      out[key] = value.toUpperCase();
  }
  return out;
}

/** The key order matters too: the stored answers are written in it. */
const exact = (result: ReturnType<typeof validateAnswers>): string =>
  JSON.stringify(result.ok ? { ok: true, answers: Object.entries(result.answers) } : result);

function expectSame(survey: LoadedSurvey, answers: Answers): boolean {
  let ok = true;
  for (const lang of ["it", "en"] as const) {
    const fast = validateAnswers(survey, answers, lang);
    expect(exact(fast)).toBe(exact(replay(survey, answers, lang)));
    ok &&= fast.ok;
  }
  return ok;
}

describe("compiled validation equals the page-by-page replay", () => {
  afterEach(() => vi.restoreAllMocks());

  it("on the shipped questionnaires' generated answers, all valid, without parsing a single answer", () => {
    const parses = Object.values(KINDS).map((kind) => vi.spyOn(kind, "parse"));
    const surveys = { cittadini: citizens, personale: staff } as Record<string, LoadedSurvey>;
    for (const r of generated) {
      const survey = surveys[r.surveyId];
      const fast = validateAnswers(survey, r.answers, "it");
      expect(fast.ok && fast.answers).toEqual(r.answers);
    }
    // The generator writes answers in stored form: every one is taken by its kind's stored check.
    expect(parses.reduce((n, spy) => n + spy.mock.calls.length, 0)).toBe(0);
    vi.restoreAllMocks();
    for (const r of generated.slice(0, 300)) expect(expectSame(surveys[r.surveyId], r.answers)).toBe(true);
  });

  it.each([
    ["cittadini", citizens],
    ["personale", staff],
    ["cittadini versione 2", released],
  ])("on generated answers broken one to three times (%s), errors and messages included", (_name, survey) => {
    const pool = valuePool(survey);
    const rnd = random(7);
    const source = generated.filter((r) => r.surveyId === survey.definition.id);
    let refused = 0;
    let accepted = 0;
    for (let i = 0; i < 1000; i++) {
      let answers = source[i % source.length].answers;
      const times = 1 + Math.floor(rnd() * 3);
      for (let k = 0; k < times; k++) answers = mutate(answers, survey, pool, rnd);
      if (expectSame(survey, answers)) accepted++;
      else refused++;
    }
    // Both ways are exercised: broken answers refused, harmless changes (a hidden answer, a blank) accepted.
    expect(refused).toBeGreaterThan(300);
    expect(accepted).toBeGreaterThan(100);
  });

  it("on plausible and broken answers to a questionnaire with every kind of question but best–worst (tests/fixtures/surveys/prova.json)", () => {
    const pool = valuePool(prova);
    const rnd = random(11);
    const kinds = new Set(prova.definition.pages.flatMap((p) => p.questions.map((q) => q.type)));
    expect(kinds.size).toBe(10);
    let accepted = 0;
    let refused = 0;
    for (let i = 0; i < 2000; i++) {
      let answers = plausible(prova, rnd);
      if (i % 2) answers = mutate(answers, prova, pool, rnd);
      if (expectSame(prova, answers)) accepted++;
      else refused++;
    }
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(300);
  });
});

/** Answers a respondent could give, question by question in order (only the questions asked), mostly in stored form. */
function plausible(survey: LoadedSurvey, rnd: () => number): Answers {
  const answers: Answers = {};
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const some = <T>(list: readonly T[], n: number): T[] => [...list].sort(() => rnd() - 0.5).slice(0, n);
  for (const page of survey.definition.pages) {
    for (const q of page.questions) {
      if (!isAsked(survey, q, answers) || rnd() < 0.1) continue;
      const choices = kindOf(q).choices(q, survey);
      switch (q.type) {
        case "single":
          answers[q.id] = q.other && rnd() < 0.2 ? "other" : pick(choices).value;
          if (answers[q.id] === "other") answers[`${q.id}/other`] = pick(["via Roma", " spazi ", "x".repeat(200)]);
          break;
        case "multi": {
          const plain = choices.filter((c) => !c.exclusive).map((c) => c.value);
          const chosen =
            rnd() < 0.1 && choices.some((c) => c.exclusive)
              ? [choices.find((c) => c.exclusive)!.value]
              : some(plain, 1 + Math.floor(rnd() * (q.max ?? 4)));
          if (q.other && rnd() < 0.2) chosen.push("other");
          const order = [...choices.map((c) => c.value), "other"];
          answers[q.id] = order.filter((v) => chosen.includes(v)).join(" ");
          if (chosen.includes("other")) answers[`${q.id}/other`] = "altro servizio";
          break;
        }
        case "matrix":
          for (const row of kindOf(q).rows!(q, survey, answers))
            if (rnd() < 0.9) answers[`${q.id}/${row.value}`] = pick(choices).value;
          break;
        case "ranking":
          answers[q.id] = some(
            choices.map((c) => c.value),
            1 + Math.floor(rnd() * q.size),
          ).join(" ");
          break;
        case "scale":
        case "rating":
          answers[q.id] = pick(kindOf(q).paperChoices!(q, survey)).value;
          break;
        case "number":
          answers[q.id] = String(Math.floor(rnd() * 25) - 2);
          break;
        case "date":
          answers[q.id] = pick(["2025-03-31", "2019-12-31", "2024-02-29", "2031-01-01"]);
          break;
        default:
          answers[q.id] = pick(["Ufficio anagrafe", "riga uno\nriga due", "x".repeat(45)]);
      }
    }
  }
  return answers;
}

describe("stored checks", () => {
  it("every kind has one, so no kind falls back to parsing answers already in stored form", () => {
    expect(Object.entries(KINDS).filter(([, kind]) => !kind.stored)).toEqual([]);
  });
});

describe("compileCondition", () => {
  it("gives evaluate's result for every kind of condition and answer", () => {
    const conditions: Condition[] = [
      { question: "a", equals: "x" },
      { question: "a", in: ["x", "y"] },
      { question: "a", gte: 3 },
      { question: "a", lte: 3 },
      { question: "a", answered: true },
      { question: "a", answered: false },
      {
        all: [
          { question: "a", equals: "x" },
          { question: "b", answered: true },
        ],
      },
      {
        any: [
          { question: "a", equals: "x" },
          { question: "b", lte: 0 },
        ],
      },
      { not: { question: "a", in: ["y"] } },
    ];
    const values = [undefined, "", "x", "y", "x y", "y x", "xx", "3", "2,5", "4", "-1", "abc", " x"];
    for (const condition of conditions) {
      const compiled = compileCondition(condition);
      for (const a of values) {
        for (const b of values) {
          const answers: Answers = {};
          if (a !== undefined) answers.a = a;
          if (b !== undefined) answers.b = b;
          expect(compiled(answers), JSON.stringify({ condition, answers })).toBe(evaluate(condition, answers));
        }
      }
    }
  });
});
