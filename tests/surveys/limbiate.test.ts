import { EXAMPLE_ENTE_FILE, readEnteFile } from "../../src/ente/load.js";
import { fillTemplate, findPlaceholders } from "../../src/ente/template.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { comparedValues } from "../../src/surveys/conditions.js";
import { dropPage, parsePage } from "../../src/surveys/answers.js";
import { askedQuestions, expectedPages, keysOf, visiblePages } from "../../src/surveys/flow.js";
import { resumePage } from "../../src/surveys/resume.js";
import { answersToBody, validateAnswers } from "../../src/surveys/validate.js";
import { loadDefinitions, type LoadedSurvey } from "../../src/surveys/loader.js";
import { allQuestions, choicesOf, columnsOf, rowsOf, type Answers } from "../../src/surveys/options.js";
import type { Catalogue, Condition, Question } from "../../src/surveys/schema.js";

const ROOT = join(import.meta.dirname, "../..");
const { surveys, catalogues } = loadDefinitions(join(ROOT, "surveys"));
const citizens = surveys.get("cittadini")!;
const staff = surveys.get("personale")!;
const catalogue = catalogues.get("servizi")!;

const AGE_BANDS = ["18_29", "30_44", "45_64", "65_74", "75_piu"];
/** The frazioni (hamlets) of Limbiate plus the main town, which that list leaves out. */
const QUARTIERI = [
  "centro",
  "ceresolo",
  "mombello",
  "pinzano",
  "villaggio_giovi",
  "villaggio_sole",
  "villaggio_fiori",
  "san_francesco",
  "chalet_laghetto",
  "villaggio_groane",
];
/** Roles the ranking, the gate and the weighting read; each must be on exactly one question. */
const CITIZEN_ROLES = [
  "services_used",
  "frequency",
  "offices",
  "repeat_visits",
  "time_lost",
  "satisfaction",
  "importance",
  "preference",
  "overall_satisfaction",
];
const STAFF_ROLES = ["staff_area", "staff_severity", "feasibility", "staff_contacts", "training"];
/** Matrices whose columns are ordered classes the analysis turns into numbers. */
const SCORED_ROLES = [
  "frequency",
  "offices",
  "repeat_visits",
  "time_lost",
  "staff_contacts",
  "staff_incomplete",
  "staff_time",
  "training",
];

type Margins = Map<string, Map<string, number>>;
function readMargins(file: string): Margins {
  const [header, ...lines] = readFileSync(file, "utf8").trim().split(/\r?\n/);
  expect(header).toBe("variable,category,population");
  const margins: Margins = new Map();
  for (const line of lines) {
    const [variable, category, population, ...rest] = line.split(",");
    expect(rest, line).toEqual([]);
    expect(population, line).toMatch(/^\d+$/);
    if (!margins.has(variable)) margins.set(variable, new Map());
    expect(margins.get(variable)!.has(category), `${line} repeated`).toBe(false);
    margins.get(variable)!.set(category, Number(population));
  }
  return margins;
}
const margins = readMargins(join(ROOT, "reports/margins/limbiate.csv"));

function withRole(survey: LoadedSurvey, role: string): Question[] {
  return allQuestions(survey.definition).filter((q) => q.analysis?.role === role);
}
function onlyWithRole(survey: LoadedSurvey, role: string): Question {
  const found = withRole(survey, role);
  expect(
    found.map((q) => q.id),
    `role ${role}`,
  ).toHaveLength(1);
  return found[0];
}
function questionById(survey: LoadedSurvey, id: string): Question {
  const q = allQuestions(survey.definition).find((x) => x.id === id);
  if (!q) throw new Error(`no question ${id}`);
  return q;
}
function values(survey: LoadedSurvey, q: Question): string[] {
  return choicesOf(q as { choices?: never }, survey.catalogue).map((c) => c.value);
}
function conditionsOf(survey: LoadedSurvey): Condition[] {
  return survey.definition.pages
    .flatMap((p) => [p.showIf, ...p.questions.map((q) => q.showIf)])
    .filter((c): c is Condition => !!c);
}
const activeCodes = (c: Catalogue): string[] => c.services.filter((s) => !s.retired).map((s) => s.code);

describe("the Limbiate definitions", () => {
  it("load together: the catalogue and both questionnaires, which use it", () => {
    expect([...surveys.keys()].sort()).toEqual(["cittadini", "personale"]);
    expect(citizens.definition.catalogue).toBe("servizi");
    expect(staff.definition.catalogue).toBe("servizi");
    expect(citizens.catalogue).toBe(catalogue);
    expect(citizens.definition.access).toBe("public");
    expect(staff.definition.access).toBe("code");
    expect(citizens.definition.estimatedMinutes).toBe(7);
  });

  it("ship about 30 active services, each area with at least one, each code unique", () => {
    const codes = activeCodes(catalogue);
    expect(codes.length).toBeGreaterThanOrEqual(28);
    expect(codes.length).toBeLessThanOrEqual(35);
    expect(catalogue.services.filter((s) => s.retired)).toEqual([]);
    expect(new Set(codes).size).toBe(codes.length);
    for (const area of catalogue.areas) {
      expect(catalogue.services.filter((s) => s.area === area.value).length, area.value).toBeGreaterThan(0);
    }
    expect(catalogue.areas.map((a) => a.value).sort()).toEqual([
      "affari_generali",
      "demografici",
      "persona",
      "polizia_locale",
      "tecnico",
      "tributi",
    ]);
  });

  it("explain every acronym in the descriptions, in both languages", () => {
    for (const acronym of ["CIE", "SPID", "CNS", "TARI", "IMU", "ISEE", "SUAP", "SUE", "CILA", "SCIA", "pagoPA"]) {
      const uses = catalogue.services.filter((s) => new RegExp(`\\b${acronym}\\b`).test(s.description.it));
      expect(uses.length, acronym).toBeGreaterThan(0);
      // The English description carries the acronym too, so both languages explain it.
      for (const s of uses) expect(s.description.en, `${s.code} en`).toMatch(new RegExp(`\\b${acronym}\\b`));
    }
  });

  it("refer only to catalogue codes and areas that exist", () => {
    const codes = new Set(activeCodes(catalogue));
    for (const survey of [citizens, staff]) {
      for (const q of allQuestions(survey.definition)) {
        if ("choicesFrom" in q && q.choicesFrom) expect(survey.catalogue, q.id).toBeDefined();
        if (q.type === "matrix" && q.rows.from === "catalogue") expect(survey.catalogue, q.id).toBeDefined();
      }
      // A condition comparing a catalogue question with a code must name a real code.
      for (const condition of conditionsOf(survey)) {
        for (const { question, value } of comparedValues(condition)) {
          const source = questionById(survey, question.split("/")[0]);
          if ("choicesFrom" in source && source.choicesFrom)
            expect(codes.has(value), `${question}=${value}`).toBe(true);
        }
      }
    }
    const area = onlyWithRole(staff, "staff_area");
    expect(values(staff, area).sort()).toEqual([...catalogue.areas.map((a) => a.value), "altro"].sort());
  });

  it("tag every question the ranking needs, once, on a question of the right shape", () => {
    for (const role of CITIZEN_ROLES) onlyWithRole(citizens, role);
    for (const role of STAFF_ROLES) onlyWithRole(staff, role);

    const used = onlyWithRole(citizens, "services_used");
    expect(used.type === "multi" && used.choicesFrom).toBe("catalogue");
    for (const role of ["frequency", "offices", "repeat_visits", "time_lost", "satisfaction"]) {
      const q = onlyWithRole(citizens, role);
      expect(q.type === "matrix" && q.rows, role).toEqual({ from: "question", question: used.id });
    }
    const satisfaction = onlyWithRole(citizens, "satisfaction");
    expect(satisfaction.type === "matrix" && satisfaction.scale).toMatchObject({ min: 1, max: 10, dontKnow: true });
    // Importance by best–worst scaling: 5 sets of 4 per respondent, 8 versions, so each service is in exactly 5 of the 8.
    const importance = onlyWithRole(citizens, "importance");
    expect(
      importance.type === "maxdiff" && [importance.choicesFrom, importance.sets, importance.size, importance.versions],
    ).toEqual(["catalogue", 5, 4, 8]);
    const preference = onlyWithRole(citizens, "preference");
    expect(preference.type === "ranking" && [preference.choicesFrom, preference.size]).toEqual(["catalogue", 3]);

    const area = onlyWithRole(staff, "staff_area");
    for (const role of [
      "staff_contacts",
      "staff_incomplete",
      "staff_severity",
      "feasibility",
      "staff_time",
      "constraints",
    ]) {
      for (const q of withRole(staff, role))
        expect(q.type === "matrix" && q.rows, `${role} ${q.id}`).toEqual({ from: "catalogue", areaQuestion: area.id });
    }
    const feasibility = onlyWithRole(staff, "feasibility");
    expect(feasibility.type === "matrix" && columnsOf(feasibility).map((c) => c.value)).toEqual([
      "inform",
      "file",
      "process",
      "specialist",
    ]);
    const training = onlyWithRole(staff, "training");
    expect(training.type === "matrix" && columnsOf(training).map((c) => c.value)).toEqual(["none", "basic", "deep"]);
    expect(withRole(staff, "constraints").length).toBeGreaterThanOrEqual(5);
  });

  it("give ordered answer classes increasing scores, and the gate's 'at least file' the highest", () => {
    for (const survey of [citizens, staff]) {
      for (const role of SCORED_ROLES) {
        for (const q of withRole(survey, role)) {
          if (q.type !== "matrix") throw new Error(`${q.id} is not a matrix`);
          const scores = columnsOf(q).map((c) => c.score);
          expect(
            scores.every((s) => typeof s === "number"),
            q.id,
          ).toBe(true);
          for (let i = 1; i < scores.length; i++)
            expect(scores[i]!, `${q.id} column ${i}`).toBeGreaterThan(scores[i - 1]!);
        }
      }
    }
    const feasibility = onlyWithRole(staff, "feasibility");
    const score = Object.fromEntries(
      columnsOf(feasibility as Extract<Question, { type: "matrix" }>).map((c) => [c.value, c.score]),
    );
    expect(Math.min(score.file!, score.process!)).toBeGreaterThan(Math.max(score.inform!, score.specialist!));
  });
});

describe("weighting questions and census margins", () => {
  const weighting = withRole(citizens, "weighting");
  const byVariable = new Map(weighting.map((q) => [q.analysis!.variable!, q]));

  it("name every margin variable and category after a weighting question and its choice values", () => {
    expect([...margins.keys()].sort()).toEqual(["eta*sesso", "quartiere"]);
    for (const [variable, categories] of margins) {
      const parts = variable.split("*");
      for (const part of parts)
        expect(byVariable.has(part), `${variable}: no weighting question for ${part}`).toBe(true);
      for (const category of categories.keys()) {
        const pieces = category.split("*");
        expect(pieces, `${variable} ${category}`).toHaveLength(parts.length);
        pieces.forEach((piece, k) =>
          expect(values(citizens, byVariable.get(parts[k])!), `${variable} ${category}`).toContain(piece),
        );
      }
    }
  });

  it("cover every age band and quartiere, and exactly F and M for sex", () => {
    const crossed = [...margins.get("eta*sesso")!.keys()];
    const expected = AGE_BANDS.flatMap((a) => ["f", "m"].map((s) => `${a}*${s}`));
    expect(crossed.sort()).toEqual(expected.sort());
    expect(values(citizens, byVariable.get("eta")!)).toEqual(AGE_BANDS);
    expect([...margins.get("quartiere")!.keys()].sort()).toEqual([...QUARTIERI].sort());
    expect(values(citizens, byVariable.get("quartiere")!).sort()).toEqual([...QUARTIERI].sort());
    // The other sex answers are kept, but are not weighting categories (reports/margins/README.md).
    expect(values(citizens, byVariable.get("sesso")!).filter((v) => !["f", "m"].includes(v))).toEqual([
      "altro",
      "non_dire",
    ]);
    for (const q of weighting) expect(q.required, q.id).toBe(true);
  });

  it("sum both margins to the same adult total (35,425 residents, more than 6,100 under 18)", () => {
    const totals = [...margins.values()].map((m) => [...m.values()].reduce((s, x) => s + x, 0));
    expect(new Set(totals).size).toBe(1);
    expect(totals[0]).toBeLessThanOrEqual(35_425 - 6_100);
    expect(totals[0]).toBeGreaterThan(28_000);
    for (const m of margins.values()) for (const [c, n] of m) expect(n, c).toBeGreaterThan(0);
    expect(readFileSync(join(ROOT, "reports/margins/README.md"), "utf8")).toContain(totals[0].toLocaleString("en-US"));
  });
});

/** The form controls a question draws (radios, boxes, selects, text fields), as the page template draws them. */
function formControls(q: Question, answers: Answers): number {
  switch (q.type) {
    case "single":
    case "multi":
      return (
        (q.type === "single" && q.display === "select" ? 1 : choicesOf(q, citizens.catalogue).length) +
        (q.other ? 2 : 0)
      );
    case "scale":
      return q.max - q.min + 1 + (q.dontKnow ? 1 : 0);
    case "rating":
      return 5;
    case "matrix":
      return rowsOf(q, citizens.definition, citizens.catalogue, answers).length * columnsOf(q).length;
    case "ranking":
      return q.size;
    case "maxdiff":
      return q.sets * q.size * 2;
    default:
      return 1;
  }
}

describe("what each respondent is asked", () => {
  const citizen = (answers: Answers): string[] =>
    visiblePages(citizens, answers)
      .flatMap((p) => askedQuestions(citizens, p, answers))
      .flatMap((q) => keysOf(citizens, q, answers));

  it("asks a citizen about the services they used, and only those", () => {
    const keys = citizen({
      eta: "65_74",
      sesso: "f",
      quartiere: "mombello",
      contatto: "si",
      servizi_usati: "cie tari",
    });
    for (const q of ["volte", "uffici", "ritorni", "tempo_perso", "soddisfazione"]) {
      expect(keys.filter((k) => k.startsWith(`${q}/`)).sort(), q).toEqual([`${q}/cie`, `${q}/tari`]);
    }
    expect(keys.filter((k) => k.startsWith("importanza_bw/"))).toHaveLength(1 + 5 * 2);
  });

  it("skips the experience pages for a citizen who used no service", () => {
    const answers = { eta: "30_44", sesso: "m", quartiere: "pinzano", contatto: "no" };
    const pages = visiblePages(citizens, answers).map((p) => p.id);
    expect(pages).not.toContain("esperienza");
    expect(pages).not.toContain("giudizio");
    expect(citizen(answers)).not.toContain("servizi_usati");
    expect(citizen(answers)).toContain("prime_tre");
    expect(citizen(answers)).toContain("importanza_bw/version");
  });

  it("leaves the services used unanswered only when the resident said they contacted the Comune for none", () => {
    // The analysis counts a respondent without a services_used answer as a non-user: that must be true.
    const used = onlyWithRole(citizens, "services_used");
    expect(used.required).toBe(true);
    const gate = used.showIf as { question: string; equals: string };
    const screener = questionById(citizens, gate.question);
    expect(screener.required).toBe(true);
    expect(values(citizens, screener).sort()).toEqual([gate.equals, "no"].sort());
    const asked = (contatto: string): boolean =>
      citizen({ eta: "45_64", sesso: "f", quartiere: "centro", [gate.question]: contatto }).includes(used.id);
    expect(asked(gate.equals)).toBe(true);
    expect(asked("no")).toBe(false);
  });

  it("keeps every citizen page short enough for a phone", () => {
    for (const page of citizens.definition.pages) {
      expect(page.questions.length, page.id).toBeGreaterThanOrEqual(1);
      expect(page.questions.length, page.id).toBeLessThanOrEqual(6);
    }
  });

  it("puts at most 60 form controls on any page, for a resident who used none, 1, 4, 5, 9 or every service", () => {
    const codes = activeCodes(catalogue);
    for (const used of [
      [],
      codes.slice(0, 1),
      ["servizi_scolastici", "tariffe_isee", "nido", "cie"],
      codes.slice(0, 5),
      codes.slice(3, 12),
      codes,
    ]) {
      const answers: Answers = {
        eta: "30_44",
        sesso: "f",
        quartiere: "centro",
        contatto: used.length ? "si" : "no",
        ...(used.length ? { servizi_usati: used.join(" ") } : {}),
      };
      for (const page of visiblePages(citizens, answers)) {
        // The answers' controls and the three buttons (Indietro, Avanti, Salva).
        const controls = askedQuestions(citizens, page, answers).reduce((n, q) => n + formControls(q, answers), 3);
        expect(controls, `${page.id} with ${used.length} services`).toBeLessThanOrEqual(60);
      }
    }
  });

  it("asks a staff member about the services of their own area only", () => {
    const matrix = onlyWithRole(staff, "staff_severity") as Extract<Question, { type: "matrix" }>;
    for (const area of catalogue.areas.map((a) => a.value)) {
      const rows = rowsOf(matrix, staff.definition, staff.catalogue, { area }).map((r) => r.value);
      expect(rows.sort(), area).toEqual(
        catalogue.services
          .filter((s) => s.area === area)
          .map((s) => s.code)
          .sort(),
      );
    }
    const other = { area: "altro", ruolo: "misto" };
    const pages = visiblePages(staff, other).map((p) => p.id);
    expect(pages).not.toContain("pubblico");
    expect(pages).not.toContain("vincoli");
    expect(pages).toContain("sportello");
  });

  it("tells respondents what the privacy notice must say", () => {
    // The notice is a template over the ente's data (config/ente.json, the Limbiate example).
    const ente = readEnteFile(EXAMPLE_ENTE_FILE);
    const c = fillTemplate(citizens.definition.privacy.it, ente);
    for (const needle of [
      "Comune di Limbiate",
      "via Monte Bianco 2",
      "PEC comune.limbiate@",
      "articolo 13",
      "articolo 6, paragrafo 1, lettera e",
      "indirizzo IP",
      "Conservazione",
      "Garante",
      "URP",
    ]) {
      expect(c, needle).toContain(needle);
    }
    expect(citizens.definition.description!.it).toContain("almeno 18 anni");
    const s = fillTemplate(staff.definition.privacy.it, ente);
    expect(findPlaceholders(citizens.definition.privacy.it, ente)).toEqual([]);
    expect(findPlaceholders(staff.definition.privacy.it, ente)).toEqual([]);
    for (const needle of ["non registra quale codice", "almeno 5", "mai per singolo ufficio", "indirizzo IP"])
      expect(s, needle).toContain(needle);
  });
});

describe("the pages a citizen is told to expect (the step indicator)", () => {
  const total = (answers: Answers): number => expectedPages(citizens, answers).length;

  it("keeps the same total while a parent answers, page after page, since no answer closes a page", () => {
    const steps: Answers[] = [
      {},
      { eta: "30_44", sesso: "f", quartiere: "centro" },
      { eta: "30_44", sesso: "f", quartiere: "centro", contatto: "si" },
      { eta: "30_44", sesso: "f", quartiere: "centro", contatto: "si", servizi_usati: "cie nido" },
      { eta: "30_44", sesso: "f", quartiere: "centro", contatto: "si", servizi_usati: "cie nido", "volte/cie": "1" },
    ];
    expect(steps.map(total)).toEqual([6, 6, 6, 6, 6]);
  });

  it("drops the pages about services used only when the answer that decides them says so", () => {
    expect(total({ eta: "30_44", sesso: "f", quartiere: "centro", contatto: "no" })).toBe(4);
    expect(expectedPages(citizens, { contatto: "no" }).map((p) => p.id)).not.toContain("esperienza");
    // Only a service outside the catalogue: no rows for the follow-up grids, so no pages for them.
    expect(total({ contatto: "si", servizi_usati: "other", "servizi_usati/other": "Biblioteca" })).toBe(4);
  });

  it("counts a part for every 4 services used, set by the services used and by nothing answered in the parts", () => {
    const codes = activeCodes(catalogue);
    const base: Answers = {
      eta: "30_44",
      sesso: "f",
      quartiere: "centro",
      contatto: "si",
      servizi_usati: codes.slice(0, 9).join(" "),
    };
    // 9 services: 3 parts of the experience page and 3 of the satisfaction page instead of 1 each.
    expect(total(base)).toBe(10);
    const partial = {
      ...base,
      ...Object.fromEntries(
        codes.slice(0, 4).flatMap((c) => [
          [`volte/${c}`, "1"],
          [`uffici/${c}`, "1"],
          [`ritorni/${c}`, "0"],
          [`tempo_perso/${c}`, "meno_30"],
        ]),
      ),
    };
    expect(total(partial)).toBe(10);
    expect(total({ ...base, servizi_usati: codes.slice(0, 4).join(" ") })).toBe(6);
  });
});

describe("a page of grids for each service used, split when many services were used", () => {
  const codes = activeCodes(catalogue);
  const used = codes.slice(0, 9);
  const base: Answers = {
    eta: "30_44",
    sesso: "f",
    quartiere: "centro",
    contatto: "si",
    servizi_usati: used.join(" "),
  };
  const experience = (list: string[]): Answers =>
    Object.fromEntries(
      list.flatMap((c) => [
        [`volte/${c}`, "1"],
        [`uffici/${c}`, "2"],
        [`ritorni/${c}`, "0"],
        [`tempo_perso/${c}`, "30_60"],
      ]),
    );
  const rowsOn = (page: ReturnType<typeof visiblePages>[number]): string[] =>
    page.questions.flatMap((q) =>
      q.type === "matrix"
        ? rowsOf(q, citizens.definition, citizens.catalogue, base).map((r) => `${q.id}/${r.value}`)
        : [],
    );

  it("shows the services in order, at most 4 a page, each part named «(2 di 3)», with the same answer keys as one page", () => {
    const pages = visiblePages(citizens, base);
    expect(pages.map((p) => p.id)).toEqual([
      "profilo",
      "servizi",
      "esperienza",
      "esperienza-2",
      "esperienza-3",
      "giudizio",
      "giudizio-2",
      "giudizio-3",
      "allo_sportello",
      "sportello",
    ]);
    expect(pages[3].title.it).toMatch(/\(2 di 3\)$/);
    const parts = pages.filter((p) => p.id.startsWith("esperienza"));
    expect(parts.flatMap(rowsOn).filter((k) => k.startsWith("volte/"))).toEqual(used.map((c) => `volte/${c}`));
    expect(parts.map((p) => rowsOn(p).length / 4)).toEqual([4, 4, 1]);
  });

  it("checks each part on its own: a row missing in the second part sends the respondent to that part", () => {
    const answers = { ...base, ...experience(used.filter((c) => c !== used[5])) };
    const checked = validateAnswers(citizens, answers, "it");
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      expect(checked.page.pageId).toBe("esperienza-2");
      expect(checked.page.errors.map((e) => e.field)).toContain(`volte/${used[5]}`);
    }
  });

  it("keeps the first part's answers when the second part is sent again, and resumes at the part not yet answered", () => {
    const first = { ...base, ...experience(used.slice(0, 4)) };
    const second = visiblePages(citizens, first).find((p) => p.id === "esperienza-2")!;
    const kept = dropPage(first, second);
    expect(Object.keys(kept).filter((k) => k.startsWith("volte/"))).toEqual(used.slice(0, 4).map((c) => `volte/${c}`));
    const parsed = parsePage(
      citizens,
      second,
      answersToBody(second.questions, experience(used.slice(4, 8))),
      first,
      "it",
    );
    expect(parsed.errors).toEqual([]);
    expect(Object.keys(parsed.answers).sort()).toEqual(Object.keys(experience(used.slice(4, 8))).sort());
    expect(resumePage(citizens, first, "it")).toBe("esperienza-2");
    expect(resumePage(citizens, { ...first, ...parsed.answers }, "it")).toBe("esperienza-3");
  });
});
