export type AnalysisErrorCode =
  | "CATEGORY_WITHOUT_TARGET"
  | "TARGET_WITHOUT_RESPONDENTS"
  | "MARGIN_TOTALS_DISAGREE"
  | "MISSING_CATEGORY"
  | "INVALID_INPUT";

/** A domain error from the analysis: the message says what is wrong and where, for the administrator. */
export class AnalysisError extends Error {
  readonly code: AnalysisErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: AnalysisErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = "AnalysisError";
    this.code = code;
    this.details = details;
  }
}
