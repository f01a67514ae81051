import { describe, expect, it } from "vitest";
import { citizenRecord, questionsByRole, staffRecord } from "../../src/report/records.js";
import { setsOf, type MaxdiffQuestion } from "../../src/surveys/kinds/maxdiff.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { SHIPPED_SURVEYS } from "../helpers/app.js";

const { surveys } = loadDefinitions(SHIPPED_SURVEYS);
const citizens = questionsByRole(surveys.get("cittadini")!);
const catalogue = surveys.get("cittadini")!.catalogue;
const bestWorst = citizens.get("importance")![0] as MaxdiffQuestion;
const staff = questionsByRole(surveys.get("personale")!);
const AGES = ["18_29", "30_44", "45_64", "65_74", "75_piu"];
const MARGINS = new Map([
  ["eta*sesso", new Set(AGES.flatMap((a) => [`${a}*f`, `${a}*m`]))],
  ["quartiere", new Set(["mombello", "pinzano"])],
]);

describe("mapping stored answers to analysis records", () => {
  it("reads a citizen's categories, services with scores, importance and ranking by analysis role", () => {
    // Best–worst: the first service of each set best, the last worst; the 12 services not shown are absent.
    const sets = setsOf(bestWorst, catalogue, 3);
    const picks = Object.fromEntries(
      sets.flatMap((s, i) => [
        [`importanza_bw/${i + 1}/best`, s[0]],
        [`importanza_bw/${i + 1}/worst`, s[3]],
      ]),
    );
    const importance = Object.fromEntries(
      sets.flatMap((s) => [
        [s[0], 1],
        [s[1], 0],
        [s[2], 0],
        [s[3], -1],
      ]),
    );
    const record = citizenRecord(
      citizens,
      {
        eta: "65_74",
        sesso: "f",
        quartiere: "mombello",
        contatto: "si",
        servizi_usati: "cie tari",
        "volte/cie": "1",
        "volte/tari": "2_3",
        "uffici/cie": "1",
        "uffici/tari": "3_piu",
        "ritorni/tari": "2_piu",
        "tempo_perso/tari": "1_2_ore",
        "soddisfazione/cie": "8",
        "soddisfazione/tari": "non_so",
        "importanza_bw/version": "3",
        ...picks,
        prime_tre: "tari cie imu",
      },
      MARGINS,
      "quartiere",
      { catalogue },
    );
    expect(record).toEqual({
      strata: "mombello",
      categories: { "eta*sesso": "65_74*f", quartiere: "mombello" },
      used: {
        cie: { frequency: 1, offices: 1, satisfaction: 8 },
        tari: { frequency: 2.5, offices: 3.5, repeatVisits: 2.5, timeLost: 90, satisfaction: null },
      },
      importance,
      ranking: ["tari", "cie", "imu"],
    });
  });

  it("reads matrix rows only of their own question, leaves out other texts, and scores alike on every call", () => {
    const answers = {
      eta: "45_64",
      sesso: "m",
      contatto: "si",
      servizi_usati: "cie",
      "soddisfazione/cie": "7",
      "soddisfazione/other": "x",
      "soddisfazione_bis/cie": "2",
      "importanza/cie": "9",
    };
    const first = citizenRecord(citizens, answers, MARGINS, "quartiere", { catalogue });
    // An old 1–10 importance grid's keys mean nothing to a survey that asks best–worst.
    expect(first.importance).toEqual({});
    expect(first.used).toEqual({ cie: { satisfaction: 7 } });
    expect(citizenRecord(citizens, answers, MARGINS, "quartiere")).toEqual(first);
  });

  it("gives no importance to a response of a version that measured it the other way (grid against best–worst)", () => {
    const answers = {
      eta: "45_64",
      sesso: "m",
      "importanza_bw/version": "1",
      "importanza_bw/1/best": setsOf(bestWorst, catalogue, 1)[0][0],
      "importanza_bw/1/worst": setsOf(bestWorst, catalogue, 1)[0][1],
    };
    expect(citizenRecord(citizens, answers, MARGINS, "quartiere", { catalogue }).importance).not.toEqual({});
    expect(citizenRecord(citizens, answers, MARGINS, "quartiere", { catalogue, kind: "grid" }).importance).toEqual({});
  });

  it("gives no category for a margin a respondent's answer does not fit, only its known parts (for the split)", () => {
    const record = citizenRecord(
      citizens,
      { eta: "30_44", sesso: "non_dire", quartiere: "pinzano", contatto: "no" },
      MARGINS,
      "quartiere",
    );
    // eta*sesso is unknown; the age is known, so the weighting splits them across 30_44*F and 30_44*M only.
    expect(record.categories).toEqual({ eta: "30_44", quartiere: "pinzano" });
    expect(record.used).toEqual({});
  });

  it("reads a staff member's area, severity, feasibility, contacts and training", () => {
    const record = staffRecord(staff, {
      area: "tributi",
      "gravita/tari": "4",
      "gravita/imu": "non_so",
      "fattibilita/tari": "file",
      "fattibilita/imu": "specialist",
      "contatti/tari": "oltre_50",
      "formazione/tributi": "deep",
      "formazione/lingue": "none",
    });
    expect(record).toEqual({
      area: "tributi",
      services: { tari: { severity: 4, feasibility: "file", contacts: 75 }, imu: { feasibility: "specialist" } },
      training: { tributi: 2, lingue: 0 },
    });
  });
});
