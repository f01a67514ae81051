import { wrapWords } from "./ipa-svg.js";
import { escapeXml } from "./svg.js";

/** Horizontal bars with the names on the left (wrapped), for the one-page briefing. Pure. */
export interface Bar {
  label: string;
  value: number;
  excluded: boolean;
}
export interface BarsChart {
  id: string;
  title: string;
  description: string;
  bars: Bar[];
  format: (v: number) => string;
}

const W = 680;
const ROW = 26;
const LABEL_W = 300;
const FONT = 12;

export function barsSvg(chart: BarsChart): string {
  const top = 22;
  const height = top + chart.bars.length * ROW + 10;
  const plotW = W - LABEL_W - 70;
  const x = (v: number) => LABEL_W + Math.max(0, Math.min(1, v)) * plotW;
  let body = `<defs><pattern id="${chart.id}-tratteggio" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#995c00" stroke-width="3"/></pattern></defs>`;
  body += `<g font-size="${FONT}" fill="#1a1a1a">`;
  body += `<text x="${LABEL_W}" y="12">0</text><text x="${x(1)}" y="12" text-anchor="end">1</text>`;
  chart.bars.forEach((b, i) => {
    const y = top + i * ROW;
    const lines = wrapWords(b.label + (b.excluded ? " (escluso)" : ""), 46).slice(0, 2);
    lines.forEach((line, j) => {
      body += `<text x="${LABEL_W - 8}" y="${y + (lines.length === 1 ? ROW / 2 + 4 : 10 + j * 12)}" text-anchor="end">${escapeXml(line)}</text>`;
    });
    const fill = b.excluded ? `url(#${chart.id}-tratteggio)` : "#0066cc";
    body += `<rect x="${LABEL_W}" y="${y + 4}" width="${Math.max(1, x(b.value) - LABEL_W)}" height="${ROW - 8}" fill="${fill}" stroke="${b.excluded ? "#995c00" : "#0066cc"}"><title>${escapeXml(`${b.label}: ${chart.format(b.value)}`)}</title></rect>`;
    body += `<text x="${x(b.value) + 6}" y="${y + ROW / 2 + 4}">${escapeXml(chart.format(b.value))}</text>`;
  });
  body += `</g>`;
  const t = `${chart.id}-title`;
  const d = `${chart.id}-desc`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" id="${chart.id}" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" aria-labelledby="${t} ${d}">` +
    `<title id="${t}">${escapeXml(chart.title)}</title><desc id="${d}">${escapeXml(chart.description)}</desc>${body}</svg>`
  );
}
