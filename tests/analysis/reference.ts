import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL("../fixtures/r/", import.meta.url));

export interface Estimate {
  mean: number;
  se: number;
  low: number;
  high: number;
}

export interface Reference {
  margins: Record<string, Record<string, number>>;
  weights: number[];
  deff: number;
  effectiveN: number;
  weightsOnly: { used: Estimate; score: Estimate };
  rakedDesign: { used: Estimate; score: Estimate };
  kalton: { cellWeights: number[][]; total: number; deff: number; effectiveN: number };
  qt: { p: number; df: number; q: number }[];
}

export interface Respondent {
  eta: string;
  sesso: string;
  quartiere: string;
  eta_sesso: string;
  used: number;
  score: number;
}

/** R's output from tests/fixtures/r/make-reference.R. */
export const reference: Reference = JSON.parse(readFileSync(dir + "reference.json", "utf8"));

/** The R script's input data, the same rows R raked. */
export const respondents: Respondent[] = readFileSync(dir + "respondents.csv", "utf8")
  .trim()
  .split("\n")
  .slice(1)
  .map((line) => {
    const [, eta, sesso, quartiere, eta_sesso, used, score] = line.split(",");
    return { eta, sesso, quartiere, eta_sesso, used: Number(used), score: Number(score) };
  });
