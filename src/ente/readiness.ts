import type { SurveyDefinition } from "../surveys/schema.js";
import { ENTE_LABELS, REQUIRED_FIELDS, type Ente } from "./schema.js";
import { findPlaceholders } from "./template.js";

const TEXTS = { title: "Nel titolo", description: "Nella presentazione", privacy: "Nell'informativa privacy" } as const;
const LANGS = { it: "italiano", en: "inglese" } as const;

/**
 * Why a survey may not be open to the public yet, in Italian for the administrator: a contact the
 * privacy notice needs is empty, or a text still holds a placeholder. Empty when it may open.
 */
export function readinessProblems(ente: Ente, survey: SurveyDefinition): string[] {
  const problems: string[] = [];
  const missing = REQUIRED_FIELDS.filter((f) => String(ente[f]).trim() === "");
  if (missing.length) {
    problems.push(`Nella pagina «Ente» mancano: ${missing.map((f) => `«${ENTE_LABELS[f]}»`).join(", ")}.`);
  }
  for (const [key, what] of Object.entries(TEXTS) as [keyof typeof TEXTS, string][]) {
    for (const [lang, langName] of Object.entries(LANGS) as [keyof typeof LANGS, string][]) {
      const text = survey[key]?.[lang] ?? "";
      const holes = findPlaceholders(text, ente);
      if (holes.length) {
        problems.push(`${what} (${langName}) restano da completare: ${holes.map((h) => `«${h}»`).join(", ")}.`);
      }
    }
  }
  return problems;
}
