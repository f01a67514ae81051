import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { citizenColumns } from "../../src/analysis/columns.js";
import { DEMO_SEED } from "../../src/cli/demo-setup.js";
import { generateResponses, parseMargins } from "../../src/demo/generator.js";
import { answerColumns } from "../../src/report/answer-columns.js";
import { citizenColumnsOf } from "../../src/report/citizen-columns.js";
import { citizenRecord, importanceKind, questionsByRole } from "../../src/report/records.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import type { Answers } from "../../src/surveys/options.js";
import { canonical } from "../analysis/columns-helpers.js";
import { SHIPPED_SURVEYS } from "../helpers/app.js";

const { surveys } = loadDefinitions(SHIPPED_SURVEYS);
const survey = surveys.get("cittadini")!;
const staffSurvey = surveys.get("personale")!;
const byRole = questionsByRole(survey);
const catalogue = survey.catalogue;
const margins = parseMargins(readFileSync(join(import.meta.dirname, "../../reports/margins/limbiate.csv"), "utf8"));
const categories = new Map([...margins].map(([k, v]) => [k, new Set(v.keys())]));

/** The columns read straight from the answer columns, and those of the records of the same answers. */
function both(answers: Answers[], roles = byRole, kind = importanceKind(byRole)) {
  const view = { byRole: roles, catalogue };
  const direct = citizenColumnsOf(
    answers.map((a) => ({ answers: a, surveyVersion: 1 })),
    answerColumns(answers),
    () => view,
    categories,
    "quartiere",
    kind,
  );
  const records = answers.map((a) => citizenRecord(roles, a, categories, "quartiere", { catalogue, kind }));
  return { direct: canonical(direct), records: canonical(citizenColumns(records)) };
}

describe("the citizens' columns read from the answer columns", () => {
  it("are exactly the columns of the analysis records, on the demo's citizens", () => {
    const answers = generateResponses({
      seed: DEMO_SEED,
      citizens: 600,
      staff: 0,
      citizenSurvey: survey,
      staffSurvey,
      margins,
    })
      .filter((r) => r.surveyId === "cittadini")
      .map((r) => r.answers);
    const { direct, records } = both(answers);
    expect(direct.uses.flat().length).toBeGreaterThan(600);
    expect(direct).toEqual(records);
  });

  it("read matrix rows of their own question only, «non so», unknown census categories and a grid of importance alike", () => {
    const answers: Answers[] = [
      {
        eta: "45_64",
        sesso: "m",
        contatto: "si",
        servizi_usati: "tari cie other cie",
        "soddisfazione/cie": "7",
        "soddisfazione/other": "x",
        "soddisfazione/tari": "non_so",
        "soddisfazione_bis/cie": "2",
        "volte/tari": "2_3",
        "uffici/imu": "2",
        prime_tre: "tari tari cie",
      },
      { eta: "30_44", sesso: "non_dire", quartiere: "pinzano", contatto: "no" },
      { quartiere: "mombello", servizi_usati: "imu", "tempo_perso/imu": "1_2_ore", "soddisfazione/imu": "9" },
    ];
    const { direct, records } = both(answers);
    expect(direct.uses[0].map((u) => u[0])).toEqual(["tari", "cie"]);
    expect(direct).toEqual(records);
    // The satisfaction grid read as a 1–10 importance grid: the grid path of an older kind of survey.
    const grid = new Map(byRole);
    grid.set("importance", byRole.get("satisfaction")!);
    const asGrid = both(answers, grid, "grid");
    expect(asGrid.direct.importance[2]).toEqual({ imu: 9 });
    expect(asGrid.direct).toEqual(asGrid.records);
  });
});
