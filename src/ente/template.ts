import { TEMPLATE_FIELDS, type Ente } from "./schema.js";

const VARIABLE = /\{\{\s*([a-z_]+)\s*\}\}/g;
/** "[indirizzo PEC del Comune]": a bracketed note an author left for someone to fill in. */
const BRACKETED = /\[[^\][\n]{4,}\]/g;

/** A survey text with every "{{name}}" replaced by the ente's value (unknown names stay visible). */
export function fillTemplate(text: string, ente: Ente): string {
  if (!text.includes("{{")) return text;
  return text.replace(VARIABLE, (whole, name: string) => {
    const field = TEMPLATE_FIELDS[name];
    return field ? String(ente[field]) : whole;
  });
}

/**
 * What still needs filling in a text: bracketed notes, unknown "{{names}}" and names whose value
 * the ente has left empty. Empty when the text is ready for the public.
 */
export function findPlaceholders(text: string, ente: Ente): string[] {
  const found = [...text.matchAll(BRACKETED)].map((m) => m[0]);
  for (const m of text.matchAll(VARIABLE)) {
    const field = TEMPLATE_FIELDS[m[1]];
    if (!field || String(ente[field]).trim() === "") found.push(m[0]);
  }
  return [...new Set(found)];
}
