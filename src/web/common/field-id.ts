/**
 * The id of the form control for a field name or JSON path: `f-` and the name with every character
 * an id should not carry (`/`, `.`, `[`, `]`) as `-`. The one rule for the survey form, the operator's
 * entry screen, the designer and the error summaries' links; templates get it as `fid`.
 */
export function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}
