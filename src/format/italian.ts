/**
 * Italian number formatting for the report pages and the offline file: 1.234,5 and 12,3 %.
 * Grouping is forced ("always") because Italian CLDR leaves four-digit numbers ungrouped (1234),
 * while the Comune's documents write 1.234. The percent sign follows a no-break space, as in
 * Italian typography, so that "12,3 %" never breaks across lines.
 */
// ES2023 value; the TypeScript lib of this project only knows the boolean form.
const ALWAYS = "always" as unknown as boolean;
const cache = new Map<string, Intl.NumberFormat>();

function formatter(min: number, max: number): Intl.NumberFormat {
  const key = `${min}:${max}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat("it-IT", { minimumFractionDigits: min, maximumFractionDigits: max, useGrouping: ALWAYS });
    cache.set(key, f);
  }
  return f;
}

export const NBSP = "\u00a0";

/** A whole number: 1.234. */
export function formatInteger(n: number): string {
  return formatter(0, 0).format(n);
}

/** A decimal number with a fixed number of decimals: 1.234,5 (digits = 1). */
export function formatNumber(x: number, digits = 1): string {
  return formatter(digits, digits).format(x);
}

/** A number with only the decimals it has, at most `maxDigits`: 1.234, 1,5, 1,25. */
export function formatDecimal(x: number, maxDigits = 2): string {
  return formatter(0, maxDigits).format(x);
}

/** A share in [0, 1] as a percentage: 0.123 → "12,3 %". */
export function formatPercent(share: number, digits = 1): string {
  return `${formatter(digits, digits).format(share * 100)}${NBSP}%`;
}

/** An interval of shares: "10,2–14,8 %". */
export function formatPercentRange(low: number, high: number, digits = 1): string {
  return `${formatter(digits, digits).format(low * 100)}–${formatter(digits, digits).format(high * 100)}${NBSP}%`;
}

/** An interval of numbers: "5,1–6,3". */
export function formatRange(low: number, high: number, digits = 1): string {
  return `${formatNumber(low, digits)}–${formatNumber(high, digits)}`;
}

/** An ordinal position: 1 → "1º". */
export function formatOrdinal(n: number): string {
  return `${formatInteger(n)}º`;
}

/** A date and time in Italian, Rome time: "27/11/2026, 11:24". */
export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat("it-IT", {
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "Europe/Rome",
  }).format(new Date(iso));
}
