import type { Db } from "../db/client.js";
import { isUsableCode } from "../responses/access-codes.repository.js";
import { hashCode } from "../responses/codes.js";
import { createDraft, type Channel } from "../responses/drafts.repository.js";
import { visiblePages } from "../surveys/flow.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import { asLang } from "../surveys/messages.js";
import { ui } from "./i18n.js";
import { withLang } from "./locals.js";

export type StartResult = { ok: true; location: string } | { ok: false; codeError: string; code: string };

/**
 * Starts a questionnaire from its first page's form: checks the access code when the survey
 * needs one, creates the draft and says where its first page is. The web and kiosk entries share it.
 */
export function startDraft(db: Db, survey: LoadedSurvey, body: Record<string, unknown> | undefined, channel: Channel, days: number, now: Date): StartResult {
  const lang = asLang(body?.lang);
  let codeHash: string | null = null;
  if (survey.definition.access === "code") {
    const code = typeof body?.code === "string" ? body.code : "";
    codeHash = hashCode(code);
    if (!code.trim() || !isUsableCode(db, survey.definition.id, codeHash)) return { ok: false, codeError: ui(lang, "accessCodeInvalid"), code };
  }
  const draft = createDraft(db, { surveyId: survey.definition.id, surveyVersion: survey.definition.version, lang, channel, codeHash, days }, now);
  const first = visiblePages(survey, {})[0];
  return { ok: true, location: withLang(`/r/${draft.token}/p/${first.id}`, lang) };
}
