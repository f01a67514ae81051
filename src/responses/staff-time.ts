/**
 * Staff anonymity: a response to a code-protected questionnaire keeps no moment finer than the day.
 * A time to the second could be matched with who was at which desk when (badge logs, a colleague's
 * memory, the server's own logs) and so with the code that was used.
 */
const romeDate = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Rome",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The Rome calendar day of an instant, stored as its noon UTC (the same day in Rome and in UTC, in any season). */
export function dayOnly(at: Date): string {
  return `${romeDate.format(at)}T12:00:00.000Z`;
}

/**
 * The day of sending, and a start that keeps only the duration rounded to whole minutes (what the
 * quality checks need to find speeders): neither says when in the day it happened.
 */
export function staffResponseTimes(startedAt: string, submittedAt: Date): { startedAt: string; submittedAt: string } {
  const day = dayOnly(submittedAt);
  const minutes = Math.max(0, Math.round((submittedAt.getTime() - Date.parse(startedAt)) / 60_000));
  return { startedAt: new Date(Date.parse(day) - minutes * 60_000).toISOString(), submittedAt: day };
}
