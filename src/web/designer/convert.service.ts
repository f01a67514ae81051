import { ImportError, type ImportResult } from "../../interchange/draft-builder.js";
import type { DefinitionProblem } from "../../surveys/checks.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import type { Storage } from "../../storage/types.js";
import { idProblem, idTaken, isDesignerWord, storeDraft } from "./designer.service.js";
import type { DraftSurvey } from "../../surveys/draft-survey.js";
import { checkDefinition, nextVersion } from "./publish.service.js";
import { readKnown } from "./known.service.js";

export const FOREIGN_FORMATS = { lss: "LimeSurvey (.lss)", xlsform: "XLSForm (.xlsx)" } as const;
export type ForeignFormat = keyof typeof FOREIGN_FORMATS;

/** Reads a LimeSurvey or XLSForm file; throws ImportError with a plain message on a file it can't read. */
export async function convertForeignSurvey(
  format: ForeignFormat,
  data: Buffer,
  options: { id?: string; fileName?: string } = {},
): Promise<ImportResult> {
  if (format === "lss") {
    const text = data.toString("utf8");
    if (!text.trimStart().startsWith("<"))
      throw new ImportError(
        "Il file non è un XML: scelga l'esportazione «struttura del questionario (.lss)» di LimeSurvey.",
      );
    // The readers (XML parser, exceljs) are loaded on first use: the idle server does not hold them.
    const { importLss } = await import("../../interchange/lss.js");
    return importLss(text, { id: options.id });
  }
  if (data.subarray(0, 2).toString("latin1") !== "PK") throw new ImportError("Il file non è un foglio Excel .xlsx.");
  const { importXlsForm } = await import("../../interchange/xlsform.js");
  return importXlsForm(data, options);
}

export type StoreOutcome = { ok: true; surveyId: string } | { ok: false; problems: DefinitionProblem[] };

/**
 * Stores an imported survey as a new designer draft (never published): the id must be new,
 * and the draft passes the same checks as an uploaded definition. Audited with what was left out.
 */
export async function storeImportedDraft(
  storage: Storage,
  registry: SurveyRegistry,
  result: ImportResult,
  username: string,
): Promise<StoreOutcome> {
  const id = result.survey.id;
  const bad =
    idProblem(id, "del questionario") ??
    (isDesignerWord(id) ? `«${id}» è una parola riservata: scelga un altro id.` : null);
  if (bad) return { ok: false, problems: [{ path: "id", message: bad }] };
  const known = await readKnown(storage, registry);
  if (await idTaken(storage, known, id)) {
    return {
      ok: false,
      problems: [
        {
          path: "id",
          message: `Esiste già un questionario o una bozza con id «${id}»: indichi un altro id per il questionario importato.`,
        },
      ],
    };
  }
  const draft = structuredClone(result.survey) as DraftSurvey;
  draft.version = nextVersion(known, id);
  const checked = checkDefinition(known, draft);
  if (!checked.ok) return { ok: false, problems: checked.problems };
  const questions = draft.pages.reduce((n, p) => n + p.questions.length, 0);
  await storeDraft(
    storage,
    draft,
    username,
    "progettazione.importato",
    `${FOREIGN_FORMATS[result.source]}: ${questions} domande in ${draft.pages.length} pagine, ${result.unmapped.length} elementi non importati o cambiati`,
  );
  return { ok: true, surveyId: id };
}
