import type { DefinitionProblem } from "../../surveys/checks.js";
import type { Storage } from "../../storage/types.js";
import type { Known } from "./known.service.js";
import { saveIfClean, type Outcome, type StoredDraft } from "./designer.service.js";
import type { FormValues } from "./question-form.js";

const SETTINGS_TEXTS = ["title", "description", "privacy"] as const;

/**
 * The draft's own settings (title, description, privacy notice, expected minutes, days a draft is
 * kept, access, status, catalogue), saved when they have no problem of their own.
 */
export async function changeDraftSettings(
  storage: Storage,
  known: Known,
  stored: StoredDraft,
  values: FormValues,
  username: string,
): Promise<Outcome> {
  const draft = structuredClone(stored.draft);
  const texts = draft as unknown as Record<string, unknown>;
  for (const key of SETTINGS_TEXTS) {
    const it = (values[`${key}.it`] ?? "").trim();
    const en = (values[`${key}.en`] ?? "").trim();
    if (key === "description" && !it && !en) delete texts[key];
    else texts[key] = { it, en };
  }
  const minutes = wholeNumber(values.estimatedMinutes, 1, 120);
  const days = wholeNumber(values.draftDays, 1, 365);
  const typed: DefinitionProblem[] = [];
  if (minutes === null)
    typed.push({
      path: "estimatedMinutes",
      message: "Scriva un numero intero di minuti, da 1 a 120, oppure lasci vuoto.",
    });
  if (days === null)
    typed.push({
      path: "draftDays",
      message: "Scriva un numero intero di giorni, da 1 a 365, oppure lasci vuoto (30 giorni).",
    });
  if (typed.length) return { ok: false, problems: typed };
  texts.estimatedMinutes = minutes;
  texts.draftDays = days ?? 30;
  draft.access = values.access === "code" ? "code" : "public";
  draft.status = values.status === "draft" ? "draft" : "open";
  if (values.catalogue) draft.catalogue = values.catalogue;
  else delete draft.catalogue;
  return saveIfClean(
    storage,
    known,
    draft,
    (path) => !path.startsWith("pages"),
    username,
    "progettazione.impostazioni",
    "titolo, accesso, informativa",
  );
}

/** A whole number in range; undefined when left empty, null when not acceptable. */
function wholeNumber(raw: string | undefined, min: number, max: number): number | undefined | null {
  const text = (raw ?? "").trim();
  if (text === "") return undefined;
  const n = Number(text);
  return Number.isInteger(n) && n >= min && n <= max ? n : null;
}
