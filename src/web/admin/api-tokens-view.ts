import { errorLinks, type SummaryItem } from "../common/error-summary.js";
import { formatRomeStamp } from "../common/rome-time.js";

/** A stored token as the list shows it (never its secret). */
export interface TokenListed {
  id: number;
  name: string;
  surveyId: string;
  scope: string;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface ApiTokensInput {
  tokens: readonly TokenListed[];
  surveys: readonly { id: string; title: string }[];
  scopes: Readonly<Record<string, string>>;
  values: { name: string; surveyId: string; scope: string };
  errors: Readonly<Record<string, string>>;
  /** The token just created, shown this once. */
  created: { token: string; name: string; surveyId: string; scope: string } | null;
  origin: string;
}

/** What views/admin/api-tokens.ejs prints: the form with its choices and errors, the new token once, the list. */
export interface ApiTokensPage {
  title: string;
  /** The token just created, with the report's address for the example request. */
  created: { label: string; token: string; reportUrl: string } | null;
  errorItems: SummaryItem[];
  values: { name: string };
  errors: { name: string | null; surveyId: string | null; scope: string | null };
  surveys: { value: string; label: string; selected: boolean }[];
  scopes: { value: string; label: string; checked: boolean }[];
  tokens: {
    id: number;
    name: string;
    surveyId: string;
    scope: string;
    /** «1/12/2026, 10:05:00 (admin)». */
    created: string;
    lastUsed: string;
    /** When it was revoked, or null while it is valid (then the row offers to revoke it). */
    revoked: string | null;
    revokeAction: string;
  }[];
}

export function apiTokensPage(input: ApiTokensInput): ApiTokensPage {
  const { values, errors, scopes, created } = input;
  return {
    title: `${Object.keys(errors).length ? "Errore: " : ""}Accesso per i programmi (API)`,
    created: created
      ? {
          label: `Token per «${created.name}» (${created.surveyId}, ${scopes[created.scope]})`,
          token: created.token,
          reportUrl: `${input.origin}/api/v1/surveys/${created.surveyId}/report`,
        }
      : null,
    errorItems: errorLinks(errors),
    values: { name: values.name },
    errors: { name: errors.name || null, surveyId: errors.surveyId || null, scope: errors.scope || null },
    surveys: input.surveys.map((s) => ({
      value: s.id,
      label: `${s.title} (${s.id})`,
      selected: values.surveyId === s.id,
    })),
    scopes: Object.entries(scopes).map(([value, label]) => ({ value, label, checked: values.scope === value })),
    tokens: input.tokens.map((t) => ({
      id: t.id,
      name: t.name,
      surveyId: t.surveyId,
      scope: scopes[t.scope],
      created: `${formatRomeStamp(t.createdAt)} (${t.createdBy})`,
      lastUsed: t.lastUsedAt ? formatRomeStamp(t.lastUsedAt) : "mai",
      revoked: t.revokedAt ? formatRomeStamp(t.revokedAt) : null,
      revokeAction: `/admin/api/${t.id}/revoca`,
    })),
  };
}
