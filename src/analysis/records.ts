/** One citizen questionnaire, already mapped from stored answers. */
export interface CitizenRecord {
  /** Resampling stratum for the bootstrap (the quartiere). */
  strata: string;
  /** Starting (design) weight; 1 when absent. Raking multiplies it. */
  weight?: number;
  /** Margin variable → category, e.g. { "eta*sesso": "30_44*F", quartiere: "Mombello" }. */
  categories: Record<string, string>;
  /** Services used in the last 12 months, by service code. */
  used: Record<string, ServiceUse>;
  /**
   * Importance of having the service at the desk, by service code: the respondent's best–worst score
   * (best − worst) / shown in [−1, 1] when the survey asks a best–worst question, else the 1–10 grid
   * ("non so" left out). A service the respondent was not asked about is absent.
   */
  importance: Record<string, number>;
  /** Top-m services in order of preference. */
  ranking: string[];
}

export interface ServiceUse {
  frequency?: number;
  offices?: number;
  repeatVisits?: number;
  timeLost?: number;
  /** 1–10; null = "non so". */
  satisfaction?: number | null;
}

export type Feasibility = "inform" | "file" | "process" | "specialist";

/** One staff questionnaire (anonymous, reported by macro-area only). */
export interface StaffRecord {
  area: string;
  services: Record<string, StaffServiceView>;
  /** Training need per subject: 0 none, 1 basic, 2 in depth. */
  training: Record<string, number>;
}

export interface StaffServiceView {
  /** 1–5. */
  severity?: number;
  feasibility?: Feasibility;
  /** Weekly contacts with the public. */
  contacts?: number;
}

/** The weighted criteria; X is the feasibility gate and never enters the score. */
export const CRITERIA = ["D", "F", "U", "I", "P", "C"] as const;
export type Criterion = (typeof CRITERIA)[number];
export type CriteriaWeights = Record<Criterion, number>;

export const EQUAL_WEIGHTS: CriteriaWeights = { D: 1 / 6, F: 1 / 6, U: 1 / 6, I: 1 / 6, P: 1 / 6, C: 1 / 6 };
