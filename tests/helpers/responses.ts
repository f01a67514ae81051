/**
 * Stored responses to the fixture survey `prova`, made through recordResponse like every channel.
 *
 *   const id = recordSample(db, registry, SAMPLE_ANSWERS[0], { submittedAt: "2026-03-01T10:00:00.000Z" });
 */
import { randomUUID } from "node:crypto";
import type { Db } from "../../src/db/client.js";
import type { Storage } from "../../src/storage/types.js";
import { validateAnswers } from "../../src/surveys/validate.js";
import type { Channel } from "../../src/surveys/vocabulary.js";
import { recordResponse } from "../../src/storage/sqlite-submit.js";
import type { Answers } from "../../src/surveys/options.js";
import type { SurveyRegistry } from "../../src/surveys/registry.js";

/** Between them: every question type, "other" texts, matrix rows, and texts a spreadsheet or a CSV parser could trip on. */
export const SAMPLE_ANSWERS: Answers[] = [
  {
    eta: "45_64",
    quartiere: "other",
    "quartiere/other": "Villaggio del Sole",
    figli: "2",
    scuola: "si",
    usati: "cie tari other",
    "usati/other": 'Biblioteca, "quella nuova"',
    "soddisfazione/cie": "8",
    "soddisfazione/tari": "non_so",
    "uffici/cie": "1",
    "uffici/tari": "3_piu",
    classifica: "tari cie",
    importanza: "9",
    orari: "mattina sabato",
    ultima_visita: "2025-03-31",
    nome_ufficio: "=SUM(A1)",
    giudizio: "4",
    commento: 'Dice "basta", poi va a capo,\nsecondo rigo; è così',
  },
  {
    eta: "18_44",
    quartiere: "centro",
    figli: "0",
    usati: "imu",
    "soddisfazione/imu": "1",
    classifica: "imu cie",
    orari: "nessuna",
    nome_ufficio: "-meno code",
    commento: "'apostrofo all'inizio",
  },
  {
    eta: "65_plus",
    quartiere: "mombello",
    figli: "1",
    scuola: "no",
    usati: "certificati tari imu cie",
    "soddisfazione/certificati": "10",
    "soddisfazione/tari": "3",
    "soddisfazione/imu": "5",
    "soddisfazione/cie": "non_so",
    "uffici/certificati": "2",
    "uffici/imu": "3_piu",
    classifica: "certificati imu tari",
    importanza: "non_so",
    orari: "pomeriggio",
    giudizio: "1",
    nome_ufficio: "+39 02 1234",
    commento: "@tutti\tcon tabulazione",
  },
  {
    eta: "18_44",
    quartiere: "mombello",
    usati: "other",
    "usati/other": "@ufficio tecnico",
    classifica: "cie tari",
    orari: "sabato",
    ultima_visita: "2020-01-01",
  },
];

export function recordSample(
  db: Db,
  registry: SurveyRegistry,
  answers: Answers,
  meta: { submittedAt: string; channel?: Channel; synthetic?: boolean },
): string {
  const survey = registry.current("prova")!;
  const result = recordResponse(db, survey, answers, {
    channel: meta.channel ?? "web",
    lang: "it",
    startedAt: meta.submittedAt,
    submittedAt: meta.submittedAt,
    synthetic: meta.synthetic,
  });
  if (!result.ok) throw new Error(`sample not valid: ${JSON.stringify(result.page)}`);
  return result.responseId;
}

/** The same on either engine, through the storage boundary (validated as every channel is). */
export async function recordSampleOn(
  storage: Storage,
  registry: SurveyRegistry,
  answers: Answers,
  meta: { submittedAt: string; channel?: Channel; synthetic?: boolean },
): Promise<string> {
  const survey = registry.current("prova")!;
  const checked = validateAnswers(survey, answers, "it");
  if (!checked.ok) throw new Error(`sample not valid: ${JSON.stringify(checked.page)}`);
  const id = randomUUID();
  await storage.responses.insert({
    id,
    surveyId: "prova",
    surveyVersion: survey.definition.version,
    channel: meta.channel ?? "web",
    lang: "it",
    startedAt: meta.submittedAt,
    submittedAt: meta.submittedAt,
    synthetic: meta.synthetic,
    answers: checked.answers,
  });
  return id;
}
