import type { AuditRecord } from "../audit/entry.js";
import type { SyntheticResponse } from "../demo/generator.js";
import type { SurveyRegistry } from "../surveys/registry.js";
import { validateAnswers } from "../surveys/validate.js";
import { counted } from "../format/wording.js";
import type { NewResponse } from "./records.js";

/** Where synthetic responses are stored: the storage boundary's responses, on either engine. */
export interface SyntheticTarget {
  /** Of these ids, those already stored. */
  existingIds(ids: readonly string[]): Promise<string[]>;
  /** Every response with the audit lines, in one transaction, or none ("duplicate": an id was stored meanwhile). */
  insertAll(rows: NewResponse[], audit: readonly AuditRecord[]): Promise<"stored" | "duplicate">;
}

/**
 * Stores generated responses as synthetic, checked by the questionnaire's own rule book
 * (validateAnswers) like every other channel, and stored with the answers as the check leaves them.
 * Everything is checked first, so a questionnaire the generator no longer fits stops the run before
 * anything is written; then the responses and one audit line per survey go in one transaction, all
 * or nothing, on either engine (as the CSV import): an interrupted run leaves nothing to clean up,
 * and running it again with the same seed is always possible. Returns how many were stored per survey.
 */
export async function storeSynthetic(
  target: SyntheticTarget,
  registry: SurveyRegistry,
  generated: readonly SyntheticResponse[],
  by: string,
  note: string,
): Promise<Map<string, number>> {
  const rows: NewResponse[] = [];
  const counts = new Map<string, number>();
  for (const [i, r] of generated.entries()) {
    const survey = registry.current(r.surveyId);
    if (!survey)
      throw new Error(`Il questionario "${r.surveyId}" non è pubblicato: non posso generare dati simulati per esso.`);
    const checked = validateAnswers(survey, r.answers, r.meta.lang);
    if (!checked.ok) {
      const first = checked.page.errors[0];
      throw new Error(
        `La risposta simulata n. ${i + 1} (${r.surveyId}) non supera i controlli del questionario, pagina «${checked.page.pageId}», campo «${first?.field}»: ${first?.message}. Il questionario è cambiato rispetto a quello per cui il generatore è scritto; nessun dato è stato salvato.`,
      );
    }
    const { responseId, enteredBy, ...meta } = r.meta;
    rows.push({
      ...meta,
      id: responseId,
      surveyId: survey.definition.id,
      surveyVersion: survey.definition.version,
      enteredBy: enteredBy ?? null,
      synthetic: true,
      answers: checked.answers,
    });
    counts.set(r.surveyId, (counts.get(r.surveyId) ?? 0) + 1);
  }
  if (rows.length === 0) return counts;
  const advice = "usi un altro --seed. Nessun dato è stato salvato.";
  const already = await target.existingIds(rows.map((r) => r.id));
  if (already.length) {
    const stored = already.length === 1 ? "è già" : "sono già";
    throw new Error(
      `${counted(already.length, "risposta simulata", "risposte simulate")} con questo seme ${stored} nel database: ${advice}`,
    );
  }
  const lines = [...counts].map(([surveyId, n]): AuditRecord => ({
    username: by,
    action: "dati_simulati.generati",
    target: surveyId,
    details: `${counted(n, "risposta simulata", "risposte simulate")}; ${note}`,
  }));
  // Another run with the same seed stored some of these ids after the check above: nothing of this one was kept.
  if ((await target.insertAll(rows, lines)) === "duplicate")
    throw new Error(`Alcune risposte simulate con questo seme sono già nel database: ${advice}`);
  return counts;
}
