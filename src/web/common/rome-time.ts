/**
 * The comune works in Europe/Rome local time; the database stores instants as ISO UTC.
 * These convert between the two for `<input type="datetime-local">` values (YYYY-MM-DDTHH:MM).
 */
const ZONE = "Europe/Rome";
const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

const parts = new Intl.DateTimeFormat("en-GB", {
  timeZone: ZONE,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});

/** The Rome wall-clock fields of an instant. */
function wallClock(date: Date): { y: number; mo: number; d: number; h: number; mi: number } {
  const p = Object.fromEntries(parts.formatToParts(date).map((x) => [x.type, x.value]));
  return { y: +p.year, mo: +p.month, d: +p.day, h: +p.hour, mi: +p.minute };
}

/** "2026-03-01T09:00" (Rome) → "2026-03-01T08:00:00.000Z"; null if the text is not such a date-time. */
export function romeLocalToIso(local: string): string | null {
  const m = LOCAL_PATTERN.exec(local.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const wanted = Date.UTC(y, mo - 1, d, h, mi);
  if (new Date(wanted).getUTCDate() !== d) return null;
  // The offset at a first guess, then again at the corrected instant (they differ only around a DST change).
  let at = wanted;
  for (let i = 0; i < 2; i++) {
    const w = wallClock(new Date(at));
    at = wanted - (Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi) - at);
  }
  return new Date(at).toISOString();
}

/** "2026-03-01T08:00:00.000Z" → "2026-03-01T09:00", the value of a datetime-local input. */
export function isoToRomeLocal(iso: string): string {
  const w = wallClock(new Date(iso));
  const two = (n: number): string => String(n).padStart(2, "0");
  return `${w.y}-${two(w.mo)}-${two(w.d)}T${two(w.h)}:${two(w.mi)}`;
}

/** "1 marzo 2026, 09:00" for people. */
export function formatRome(iso: string): string {
  return new Date(iso).toLocaleString("it-IT", {
    timeZone: ZONE,
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
}

/** The Rome calendar day of an instant, "2026-03-01". */
export function romeDay(date: Date): string {
  return isoToRomeLocal(date.toISOString()).slice(0, 10);
}

/** "03/02/2026, 10:15:07": an instant as the staff lists have always written it (Rome time, seconds included). */
export function formatRomeStamp(iso: string): string {
  return new Date(iso).toLocaleString("it-IT", { timeZone: ZONE });
}
