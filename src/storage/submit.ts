import type { SubmitResult } from "../responses/records.js";
import { planSend } from "../responses/send-plan.js";
import type { SurveyRegistry } from "../surveys/registry.js";
import type { SendOutcome, Storage } from "./types.js";

/**
 * Sends a draft over the storage boundary, on either engine: the same results as submitDraft
 * (src/storage/sqlite-submit.ts), exactly once. What to
 * store is decided by planSend (src/responses/send-plan.ts, pure); the storage runs the one transaction.
 */
export async function submitDraftAsync(
  storage: Storage,
  registry: SurveyRegistry,
  token: string,
  now = new Date(),
): Promise<SubmitResult> {
  return submitResult(await storage.sendDraft(token, (draft) => planSend(registry, draft, now)));
}

/** What a sending's outcome means to the respondent's pages (the same on both engines). */
export function submitResult(outcome: SendOutcome<Exclude<SubmitResult, { status: "stored" }>>): SubmitResult {
  switch (outcome.status) {
    case "stored":
      return { status: "stored", codeProtected: outcome.codeProtected };
    case "refused":
      return outcome.refusal;
    case "not_found":
    case "already_submitted":
    case "code_used":
      return outcome;
  }
}
