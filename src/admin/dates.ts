/**
 * Administrators type calendar days as they live them, in Italy; the database stores UTC instants.
 * These turn a day (YYYY-MM-DD) into the UTC instant of its midnight in Europe/Rome.
 */
export function romeMidnight(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  // Rome is UTC+1 in winter and UTC+2 in summer: take the offset whose midnight falls on that day.
  for (const hours of [1, 2]) {
    const instant = new Date(Date.UTC(y, m - 1, d) - hours * 3_600_000);
    if (romeDayAndHour(instant) === `${day} 00`) return instant.toISOString();
  }
  return new Date(Date.UTC(y, m - 1, d)).toISOString();
}

/** The midnight (Rome) that ends the day: for "up to and including" filters. */
export function romeEndOfDay(day: string): string {
  const next = new Date(`${day}T12:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return romeMidnight(next.toISOString().slice(0, 10));
}

export function isCalendarDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

function romeDayAndHour(instant: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Rome",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}`;
}

/** "1 marzo 2026, 09:00" (Italian time) for people. */
export function formatRomeTime(iso: string): string {
  return new Date(iso).toLocaleString("it-IT", {
    timeZone: "Europe/Rome",
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
}
