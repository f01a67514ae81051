import { hashCode } from "../../responses/codes.js";
import type { Channel } from "../../surveys/vocabulary.js";
import { sealPendingToken } from "../../responses/pending-drafts.js";
import { visiblePages } from "../../surveys/flow.js";
import type { LoadedSurvey } from "../../surveys/loader.js";
import { asLang } from "../../surveys/messages.js";
import type { Storage } from "../../storage/types.js";
import { ui } from "../common/i18n.js";
import { withLang } from "../common/locals.js";

export type StartResult = { ok: true; location: string } | { ok: false; codeError: string; code: string };

export const PENDING_KEY = "pending-drafts";

/**
 * Starts a questionnaire from its first page's form: checks the access code when the survey needs
 * one and says where its first page is. Nothing is stored: the link carries the start, sealed, and
 * the draft is stored when the first page with answers is posted. The web and kiosk entries share it.
 */
export async function startDraft(
  storage: Storage,
  survey: LoadedSurvey,
  body: Record<string, unknown> | undefined,
  channel: Channel,
  days: number,
  now: Date,
): Promise<StartResult> {
  const lang = asLang(body?.lang);
  let code: string | null = null;
  if (survey.definition.access === "code") {
    code = typeof body?.code === "string" ? body.code.slice(0, 100) : "";
    if (!code.trim() || !(await storage.accessCodes.isUsable(survey.definition.id, hashCode(code))))
      return { ok: false, codeError: ui(lang, "accessCodeInvalid"), code };
  }
  const token = sealPendingToken(await storage.serverKey(PENDING_KEY), {
    surveyId: survey.definition.id,
    surveyVersion: survey.definition.version,
    lang,
    channel,
    code,
    days,
    startedAt: now.toISOString(),
  });
  const first = visiblePages(survey, {})[0];
  return { ok: true, location: withLang(`/r/${token}/p/${first.id}`, lang) };
}
