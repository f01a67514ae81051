/**
 * A tiny SVG renderer for the offline report: a scatter with quadrant lines and a line chart.
 * Pure (strings in, string out) so the offline file needs no script and prints as vectors.
 * Every chart carries a <title> and <desc> for screen readers; the data table beside it is the
 * full content, the drawing only its picture.
 */

export interface ScatterPoint {
  x: number;
  y: number;
  label: string;
}
export interface ScatterChart {
  id: string;
  title: string;
  description: string;
  xLabel: string;
  yLabel: string;
  points: ScatterPoint[];
  xDomain: [number, number];
  yDomain: [number, number];
  /** Quadrant lines (e.g. at the means); omitted when null. */
  xLine?: number | null;
  yLine?: number | null;
  /** Names written in the corners: top-left, top-right, bottom-left, bottom-right. */
  quadrants?: [string, string, string, string];
  format?: (x: number) => string;
}

export interface LineSeries {
  name: string;
  points: Array<{ x: number; y: number }>;
  dashed?: boolean;
}
export interface LineChart {
  id: string;
  title: string;
  description: string;
  xLabel: string;
  yLabel: string;
  series: LineSeries[];
  xDomain: [number, number];
  yDomain: [number, number];
  format?: (y: number) => string;
  formatX?: (x: number) => string;
  /** Where to put the x ticks (e.g. every desk size k); evenly spaced when absent. */
  xTicks?: number[];
}

const W = 640;
const H = 400;
const M = { top: 20, right: 20, bottom: 50, left: 60 };

export function escapeXml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

function scale(domain: [number, number], range: [number, number]): (v: number) => number {
  const [d0, d1] = domain;
  const span = d1 - d0 || 1;
  return (v) => round(range[0] + ((v - d0) / span) * (range[1] - range[0]));
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

function ticks([d0, d1]: [number, number], count = 5): number[] {
  const step = (d1 - d0) / count;
  return Array.from({ length: count + 1 }, (_, i) => d0 + i * step);
}

function frame(id: string, title: string, description: string, body: string): string {
  const t = `${id}-title`;
  const d = `${id}-desc`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${t} ${d}">` +
    `<title id="${t}">${escapeXml(title)}</title><desc id="${d}">${escapeXml(description)}</desc>${body}</svg>`
  );
}

function axes(
  x: (v: number) => number,
  y: (v: number) => number,
  xDomain: [number, number],
  yDomain: [number, number],
  xLabel: string,
  yLabel: string,
  fx: (v: number) => string,
  fy: (v: number) => string,
  xTicks = ticks(xDomain),
): string {
  const bottom = H - M.bottom;
  let out = `<g class="axis" stroke="#5c6f82" fill="none"><line x1="${M.left}" y1="${bottom}" x2="${W - M.right}" y2="${bottom}"/><line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${bottom}"/></g>`;
  out += `<g class="ticks" font-size="11" fill="#1a1a1a">`;
  for (const v of xTicks) out += `<text x="${x(v)}" y="${bottom + 16}" text-anchor="middle">${escapeXml(fx(v))}</text>`;
  for (const v of ticks(yDomain))
    out += `<text x="${M.left - 6}" y="${y(v) + 4}" text-anchor="end">${escapeXml(fy(v))}</text>`;
  out += `</g><g class="axis-labels" font-size="12" fill="#1a1a1a">`;
  out += `<text x="${(M.left + W - M.right) / 2}" y="${H - 10}" text-anchor="middle">${escapeXml(xLabel)}</text>`;
  out += `<text x="14" y="${(M.top + bottom) / 2}" text-anchor="middle" transform="rotate(-90 14 ${(M.top + bottom) / 2})">${escapeXml(yLabel)}</text></g>`;
  return out;
}

/** Importance–performance style scatter: labelled points, optional quadrant lines and names. */
export function scatterSvg(chart: ScatterChart): string {
  const fmt = chart.format ?? ((v: number) => String(round(v)));
  const x = scale(chart.xDomain, [M.left, W - M.right]);
  const y = scale(chart.yDomain, [H - M.bottom, M.top]);
  let body = axes(x, y, chart.xDomain, chart.yDomain, chart.xLabel, chart.yLabel, fmt, fmt);
  const lines: string[] = [];
  if (chart.xLine != null)
    lines.push(`<line x1="${x(chart.xLine)}" y1="${M.top}" x2="${x(chart.xLine)}" y2="${H - M.bottom}"/>`);
  if (chart.yLine != null)
    lines.push(`<line x1="${M.left}" y1="${y(chart.yLine)}" x2="${W - M.right}" y2="${y(chart.yLine)}"/>`);
  if (lines.length) body += `<g class="quadrant-lines" stroke="#995c00" stroke-dasharray="6 4">${lines.join("")}</g>`;
  if (chart.quadrants) {
    const [tl, tr, bl, br] = chart.quadrants.map(escapeXml);
    body +=
      `<g class="quadrant-names" font-size="12" font-style="italic" fill="#5c6f82">` +
      `<text x="${M.left + 6}" y="${M.top + 14}">${tl}</text>` +
      `<text x="${W - M.right - 6}" y="${M.top + 14}" text-anchor="end">${tr}</text>` +
      `<text x="${M.left + 6}" y="${H - M.bottom - 8}">${bl}</text>` +
      `<text x="${W - M.right - 6}" y="${H - M.bottom - 8}" text-anchor="end">${br}</text></g>`;
  }
  body += `<g class="points" font-size="10" fill="#0066cc">`;
  for (const p of chart.points) {
    body += `<circle cx="${x(p.x)}" cy="${y(p.y)}" r="4"><title>${escapeXml(`${p.label}: ${fmt(p.x)}; ${fmt(p.y)}`)}</title></circle>`;
    body += `<text x="${x(p.x) + 6}" y="${y(p.y) - 5}" fill="#1a1a1a">${escapeXml(p.label)}</text>`;
  }
  body += `</g>`;
  return frame(chart.id, chart.title, chart.description, body);
}

/** One or more lines over a shared x axis (the coverage curve: shares against desk size). */
export function lineSvg(chart: LineChart): string {
  const fy = chart.format ?? ((v: number) => String(round(v)));
  const fx = chart.formatX ?? ((v: number) => String(Math.round(v)));
  const x = scale(chart.xDomain, [M.left, W - M.right]);
  const y = scale(chart.yDomain, [H - M.bottom, M.top]);
  let body = axes(x, y, chart.xDomain, chart.yDomain, chart.xLabel, chart.yLabel, fx, fy, chart.xTicks);
  const colours = ["#0066cc", "#995c00", "#008055"];
  chart.series.forEach((s, i) => {
    const colour = colours[i % colours.length];
    const path = s.points.map((p) => `${x(p.x)},${y(p.y)}`).join(" ");
    body += `<g class="series" data-series="${escapeXml(s.name)}"><polyline fill="none" stroke="${colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ""} points="${path}"/>`;
    for (const p of s.points) body += `<circle cx="${x(p.x)}" cy="${y(p.y)}" r="3" fill="${colour}"/>`;
    body += `</g>`;
  });
  // The legend, top-left inside the plot.
  body += `<g class="legend" font-size="12" fill="#1a1a1a">`;
  chart.series.forEach((s, i) => {
    const ly = M.top + 14 + i * 18;
    body += `<line x1="${M.left + 10}" y1="${ly - 4}" x2="${M.left + 34}" y2="${ly - 4}" stroke="${colours[i % colours.length]}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ""}/>`;
    body += `<text x="${M.left + 40}" y="${ly}">${escapeXml(s.name)}</text>`;
  });
  body += `</g>`;
  return frame(chart.id, chart.title, chart.description, body);
}
