import { describe, expect, it } from "vitest";
import { setsOf, type MaxdiffQuestion } from "../../../src/surveys/kinds/maxdiff.js";
import { changesOf, codebookOf, columnKeys, parse, problemsOf, questionOf, summary, surveyWith } from "./helpers.js";

const items = ["a", "b", "c", "d", "e", "f"].map((value) => ({
  value,
  label: { it: `Voce ${value}`, en: `Item ${value}` },
}));
const survey = surveyWith({ id: "md", type: "maxdiff", choices: items, sets: 3, size: 3, versions: 2 });
const q = questionOf(survey, "md") as MaxdiffQuestion;
const sets = setsOf(q, survey.catalogue, 1);

describe("the best–worst kind", () => {
  it("stores the version and a best and a worst item per set", () => {
    const body = {
      "md/version": "1",
      ...Object.fromEntries(
        sets.flatMap((s, i) => [
          [`md/${i + 1}/best`, s[0]],
          [`md/${i + 1}/worst`, s[1]],
        ]),
      ),
    };
    const result = parse(survey, "md", body);
    expect(result.errors).toEqual([]);
    expect(result.answers["md/version"]).toBe("1");
    expect(result.answers["md/2/best"]).toBe(sets[1][0]);
  });

  it("refuses the same item as best and worst", () => {
    const result = parse(survey, "md", { "md/version": "1", "md/1/best": sets[0][0], "md/1/worst": sets[0][0] });
    expect(result.errors.map((e) => e.field)).toEqual(["md/1/worst"]);
  });

  it("has the version column, then best and worst of every set, described in the codebook", () => {
    expect(columnKeys(survey, "md")).toEqual([
      "md/version",
      "md/1/best",
      "md/1/worst",
      "md/2/best",
      "md/2/worst",
      "md/3/best",
      "md/3/worst",
    ]);
    expect(codebookOf(survey, "md", 0).type).toBe("maxdiff_version");
    expect(codebookOf(survey, "md", 2)).toMatchObject({
      type: "maxdiff_worst",
      label: { it: "Domanda md — insieme 1, meno importante" },
    });
  });

  it("shows one line per answered group", () => {
    const answers = { "md/version": "1", "md/1/best": sets[0][0], "md/1/worst": sets[0][1] };
    expect(summary(survey, "md", answers)).toEqual([
      { label: "Gruppo 1", value: `Più importante: Voce ${sets[0][0]}; meno importante: Voce ${sets[0][1]}` },
    ]);
  });
});

describe("the best–worst kind's definition check", () => {
  it("refuses too few slots for the items and a frozen design that leaves items out", () => {
    const eight = [...items, ...["g", "h"].map((value) => ({ value, label: { it: value, en: value } }))];
    expect(
      problemsOf(surveyWith({ id: "md", type: "maxdiff", choices: eight, sets: 2, size: 3, versions: 1 }), "md"),
    ).toEqual([
      {
        path: "q.sets",
        message: "con 1 versioni di 2 gruppi da 3 non tutte le 8 voci compaiono: aumenti i gruppi o le versioni",
      },
    ]);
    const design = [
      [
        ["a", "b", "c"],
        ["a", "b", "c"],
        ["a", "b", "x"],
      ],
      [
        ["a", "b", "c"],
        ["a", "b", "c"],
        ["a", "b", "c"],
      ],
    ];
    expect(
      problemsOf(
        surveyWith({ id: "md", type: "maxdiff", choices: items, sets: 3, size: 3, versions: 2, design }),
        "md",
      ),
    ).toEqual([
      { path: "q.design[0][2]", message: '"x" non è una delle voci della domanda' },
      {
        path: "q.design",
        message:
          'non compaiono nel disegno: d, e, f (tolga "design" per rigenerarlo dalle voci di ora; nel progettista basta salvare di nuovo la domanda)',
      },
    ]);
    expect(problemsOf(survey, "md")).toEqual([]);
  });
});

describe("the best–worst kind's compatibility rule", () => {
  it("keeps the shape of the design; the items may change", () => {
    expect(
      changesOf(
        survey,
        surveyWith({ id: "md", type: "maxdiff", choices: items.slice(1), sets: 3, size: 3, versions: 2 }),
        "md",
      ),
    ).toEqual([]);
    expect(
      changesOf(survey, surveyWith({ id: "md", type: "maxdiff", choices: items, sets: 4, size: 3, versions: 2 }), "md"),
    ).toEqual([
      {
        path: "q.sets",
        message:
          "la domanda «md» aveva sets = 3 nella versione 1: il disegno delle risposte raccolte cambierebbe. Usi un nuovo id.",
      },
    ]);
  });
});
