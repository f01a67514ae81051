import type { SurveyDefinition } from "./schema.js";

export interface FieldworkSettings {
  status: "draft" | "open" | "closed" | null;
  opensAt: string | null;
  closesAt: string | null;
}

export type SurveyState = "draft" | "scheduled" | "open" | "closed";

/**
 * Whether respondents can answer now. The administrator's status wins over the file's;
 * an open survey is "scheduled" before its opening date and closed after its closing date.
 */
export function surveyState(
  definition: SurveyDefinition,
  settings: FieldworkSettings | undefined,
  now: Date,
): SurveyState {
  const status = settings?.status ?? definition.status;
  if (status !== "open") return status;
  const at = now.toISOString();
  if (settings?.opensAt && at < settings.opensAt) return "scheduled";
  if (settings?.closesAt && at >= settings.closesAt) return "closed";
  return "open";
}
