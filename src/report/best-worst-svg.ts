import { wrapWords } from "./ipa-svg.js";
import { escapeXml } from "./svg.js";

/** One service of the best–worst chart: its score and 95 % interval (all from −1 to 1). */
export interface ScoreRow {
  label: string;
  score: number;
  low: number | null;
  high: number | null;
}

const W = 680;
const ROW = 26;
const LABEL_W = 290;
const RIGHT = 60;
const FONT = 12;

/**
 * The best–worst scores as a dot-and-interval chart (a point per service, a line for its interval, the
 * zero line marked), services in the order given. Pure; a <title> and <desc> name it, and the table
 * beside it holds every figure. Withheld services are left out by the caller (the table says why).
 */
export function scoresSvg(
  id: string,
  title: string,
  description: string,
  rows: ScoreRow[],
  format: (v: number) => string,
): string {
  const top = 24;
  const height = top + rows.length * ROW + 12;
  const plotW = W - LABEL_W - RIGHT;
  const x = (v: number): number => Math.round((LABEL_W + ((Math.max(-1, Math.min(1, v)) + 1) / 2) * plotW) * 10) / 10;
  let body = `<g font-size="${FONT}" fill="#1a1a1a">`;
  for (const t of [-1, -0.5, 0, 0.5, 1]) {
    body += `<line x1="${x(t)}" y1="${top - 4}" x2="${x(t)}" y2="${height - 8}" stroke="${t === 0 ? "#5c6f82" : "#d9dadb"}"${t === 0 ? ' stroke-width="1.5"' : ""}/>`;
    body += `<text x="${x(t)}" y="${top - 10}" text-anchor="middle">${escapeXml(format(t))}</text>`;
  }
  rows.forEach((r, i) => {
    const y = top + i * ROW;
    const mid = y + ROW / 2;
    const lines = wrapWords(r.label, 44).slice(0, 2);
    lines.forEach((line, j) => {
      body += `<text x="${LABEL_W - 8}" y="${lines.length === 1 ? mid + 4 : y + 10 + j * 12}" text-anchor="end">${escapeXml(line)}</text>`;
    });
    if (r.low !== null && r.high !== null)
      body += `<line x1="${x(r.low)}" y1="${mid}" x2="${x(r.high)}" y2="${mid}" stroke="#0066cc" stroke-width="2"/>`;
    const interval = r.low !== null && r.high !== null ? ` (${format(r.low)} – ${format(r.high)})` : "";
    body += `<circle cx="${x(r.score)}" cy="${mid}" r="5" fill="#0066cc"><title>${escapeXml(`${r.label}: ${format(r.score)}${interval}`)}</title></circle>`;
    body += `<text x="${W - RIGHT + 8}" y="${mid + 4}">${escapeXml(format(r.score))}</text>`;
  });
  body += `</g>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" id="${id}" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc">` +
    `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(description)}</desc>${body}</svg>`
  );
}
