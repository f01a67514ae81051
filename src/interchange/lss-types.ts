import type { Text } from "../surveys/schema.js";
import type { MappedChoices } from "./lss-context.js";

/** The LimeSurvey type letters with their names, for the list of what was not imported. */
export const TYPE_NAMES: Record<string, string> = {
  "1": "Matrice a doppia scala",
  "5": "Scelta a 5 punti",
  A: "Matrice a 5 punti",
  B: "Matrice a 10 punti",
  C: "Matrice Sì/No/Incerto",
  D: "Data",
  E: "Matrice Aumenta/Uguale/Diminuisce",
  F: "Matrice",
  G: "Genere",
  H: "Matrice per colonne",
  I: "Cambio lingua",
  K: "Numeri multipli",
  L: "Lista (radio)",
  M: "Scelta multipla",
  N: "Numero",
  O: "Lista con commento",
  P: "Scelta multipla con commenti",
  Q: "Testi brevi multipli",
  R: "Classifica",
  S: "Testo breve",
  T: "Testo lungo",
  U: "Testo molto lungo",
  X: "Testo informativo",
  Y: "Sì/No",
  "!": "Lista (menu a tendina)",
  ":": "Matrice di numeri",
  ";": "Matrice di testi",
  "|": "Caricamento file",
  "*": "Equazione",
};

/** The types with no equivalent here, and why (listed in the import's report). */
export const SKIPPED: Record<string, string> = {
  I: "la lingua si sceglie già dal link «English» di ogni pagina",
  "*": "le equazioni calcolate non hanno un equivalente",
  "|": "il caricamento di file non è previsto (un questionario anonimo non raccoglie documenti)",
  ":": "le matrici di numeri o di testi non hanno un equivalente",
  ";": "le matrici di numeri o di testi non hanno un equivalente",
};

/** The answers LimeSurvey fixes for some types: its code, our value, the label. */
const FIXED_CHOICES: Record<string, [string, string, Text][]> = {
  Y: [
    ["Y", "si", { it: "Sì", en: "Yes" }],
    ["N", "no", { it: "No", en: "No" }],
  ],
  G: [
    ["F", "f", { it: "Femmina", en: "Female" }],
    ["M", "m", { it: "Maschio", en: "Male" }],
  ],
  C: [
    ["Y", "si", { it: "Sì", en: "Yes" }],
    ["N", "no", { it: "No", en: "No" }],
    ["U", "incerto", { it: "Incerto", en: "Uncertain" }],
  ],
  E: [
    ["I", "aumenta", { it: "Aumenta", en: "Increase" }],
    ["S", "uguale", { it: "Uguale", en: "Same" }],
    ["D", "diminuisce", { it: "Diminuisce", en: "Decrease" }],
  ],
};

/** The fixed answers of a type as choices. */
export function fixed(type: string): MappedChoices {
  return {
    choices: FIXED_CHOICES[type].map(([, value, label]) => ({ value, label })),
    values: new Map(FIXED_CHOICES[type].map(([code, value]) => [code, value])),
  };
}
