import { audit } from "../audit/audit.service.js";
import type { Db } from "../db/client.js";
import type { SyntheticResponse } from "../demo/generator.js";
import type { SurveyRegistry } from "../surveys/registry.js";
import { validateAnswers } from "../surveys/validate.js";
import { existingResponseIds } from "./repository.js";
import { recordResponse } from "./submit.service.js";

export const SYNTHETIC_BATCH = 500;

/**
 * Stores generated responses as synthetic, through `recordResponse` like every other channel.
 * Everything is checked first, so a questionnaire the generator no longer fits stops the run before
 * anything is written; then batches of 500 per transaction keep memory and write locks short.
 * Returns how many responses were stored per survey.
 */
export function storeSynthetic(
  db: Db,
  registry: SurveyRegistry,
  generated: readonly SyntheticResponse[],
  by: string,
  note: string,
): Map<string, number> {
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
  }
  const clash = existingResponseIds(
    db,
    generated.map((r) => r.meta.responseId),
  );
  if (clash.length)
    throw new Error(
      `${clash.length} risposte simulate con questo seme sono già nel database: usi un altro --seed. Nessun dato è stato salvato.`,
    );
  const counts = new Map<string, number>();
  for (let start = 0; start < generated.length; start += SYNTHETIC_BATCH) {
    db.transaction((tx) => {
      for (const r of generated.slice(start, start + SYNTHETIC_BATCH)) {
        const stored = recordResponse(tx, registry.current(r.surveyId)!, r.answers, { ...r.meta, synthetic: true });
        if (!stored.ok) throw new Error(`Risposta simulata rifiutata (${r.surveyId}, pagina «${stored.page.pageId}»).`);
        counts.set(r.surveyId, (counts.get(r.surveyId) ?? 0) + 1);
      }
    });
  }
  for (const [surveyId, n] of counts)
    audit(db, {
      username: by,
      action: "dati_simulati.generati",
      target: surveyId,
      details: `${n} risposte simulate; ${note}`,
    });
  return counts;
}
