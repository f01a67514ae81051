import { escapeXml } from "./svg.js";

/**
 * The importance–performance chart as SVG, for the page and the offline file alike: each point
 * carries the number of its row in the data table, placed where it overlaps no other label, no
 * point and no quadrant name (a leader line joins a label set apart from its point). Pure, so a
 * unit test can check the placement, and the page needs no script to show it.
 */

export interface IpaPoint {
  x: number;
  y: number;
  label: string;
}
export interface IpaSvgOptions {
  id: string;
  title: string;
  description: string;
  points: IpaPoint[];
  /** The scale importance is measured on (1–10 marks, or −1…1 best–worst scores) and its axis title. */
  xBounds: [number, number];
  xLabel: string;
  xLine: number | null;
  yLine: number | null;
  /** Top-left, top-right, bottom-left, bottom-right. */
  quadrants: [string, string, string, string];
  width: number;
  height: number;
  /** Font size of the point numbers and the quadrant names, in SVG units. */
  fontSize: number;
  /** Longest line of a quadrant name before it wraps, in characters. */
  wrapAt: number;
  /** Tick labels (whole numbers). */
  format: (v: number) => string;
  /** A point's values in its tooltip. */
  formatValue: (v: number) => string;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const RADIUS = 4;
const CHAR = 0.62; // width of a digit or letter as a share of the font size (a generous estimate)
const PAD = 1.5;
// A line of text takes up to 1.6 em (ascent about 1.17 em above the baseline) in the fonts the pages use.
const LINE = 1.6;
const ASCENT = 1.17;

export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Splits a name into lines of at most `max` characters, at spaces. */
export function wrapWords(text: string, max: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(" ")) {
    const last = lines[lines.length - 1];
    if (last !== undefined && (last + " " + word).length <= max) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** A domain that holds the data, on whole ticks of `step`, within the scale's bounds. */
function domainOf(
  values: number[],
  lines: Array<number | null>,
  bounds: [number, number],
  step: number,
): [number, number] {
  const all = [...values, ...lines.filter((v): v is number => v !== null)];
  if (!all.length) return bounds;
  const lo = Math.max(bounds[0], Math.floor((Math.min(...all) - step / 4) / step) * step);
  const hi = Math.min(bounds[1], Math.ceil((Math.max(...all) + step / 4) / step) * step);
  return hi - lo < 2 * step ? [Math.max(bounds[0], lo - step), Math.min(bounds[1], hi + step)] : [lo, hi];
}

/** Whole units on a 1–10 scale; quarters on a narrow one (best–worst scores from −1 to 1). */
function stepOf(bounds: [number, number]): number {
  return bounds[1] - bounds[0] >= 5 ? 1 : 0.25;
}

/**
 * Greedy placement: for each point, the first free spot on rings of growing radius around it.
 * Returns the label boxes in the points' order (null where no free spot exists in the plot).
 */
export function placeLabels(
  centres: Array<{ cx: number; cy: number }>,
  texts: string[],
  fontSize: number,
  plot: Box,
  fixed: Box[],
): Array<Box | null> {
  const pointBoxes = centres.map((c) => ({
    x: c.cx - RADIUS - 1,
    y: c.cy - RADIUS - 1,
    w: 2 * RADIUS + 2,
    h: 2 * RADIUS + 2,
  }));
  const placed: Box[] = [];
  return centres.map((c, i) => {
    // The box the text really takes (ascent and descent included) plus a margin, so labels never touch.
    const w = texts[i].length * fontSize * CHAR + 2 * PAD;
    const h = fontSize * LINE + 2 * PAD;
    for (let ring = 0; ring < 14; ring++) {
      const distance = RADIUS + 2 + ring * 5;
      const steps = 8 + ring * 4;
      for (let s = 0; s < steps; s++) {
        const angle = -Math.PI / 4 + (2 * Math.PI * s) / steps;
        const lx = c.cx + Math.cos(angle) * (distance + w / 2) - w / 2;
        const ly = c.cy - Math.sin(angle) * (distance + h / 2) - h / 2;
        const box = { x: lx, y: ly, w, h };
        if (box.x < plot.x || box.y < plot.y || box.x + w > plot.x + plot.w || box.y + h > plot.y + plot.h) continue;
        if (
          placed.some((b) => overlaps(b, box)) ||
          pointBoxes.some((b) => overlaps(b, box)) ||
          fixed.some((b) => overlaps(b, box))
        )
          continue;
        placed.push(box);
        return box;
      }
    }
    return null;
  });
}

export function ipaSvg(o: IpaSvgOptions): string {
  const f = o.fontSize;
  const M = { top: 12, right: 12, bottom: 3.2 * f + 10, left: 3.2 * f + 12 };
  const plot = { x: M.left, y: M.top, w: o.width - M.left - M.right, h: o.height - M.top - M.bottom };
  const xStep = stepOf(o.xBounds);
  const xd = domainOf(
    o.points.map((p) => p.x),
    [o.xLine],
    o.xBounds,
    xStep,
  );
  const yd = domainOf(
    o.points.map((p) => p.y),
    [o.yLine],
    [1, 10],
    1,
  );
  const x = (v: number) => round(plot.x + ((v - xd[0]) / (xd[1] - xd[0])) * plot.w);
  const y = (v: number) => round(plot.y + plot.h - ((v - yd[0]) / (yd[1] - yd[0])) * plot.h);
  const bottom = plot.y + plot.h;

  let body = `<rect x="${plot.x}" y="${plot.y}" width="${plot.w}" height="${plot.h}" fill="#fff" stroke="#5c6f82"/>`;
  body += `<g class="ticks" font-size="${f}" fill="#1a1a1a">`;
  for (let i = 0; xd[0] + i * xStep <= xd[1] + 1e-9; i++) {
    const v = xd[0] + i * xStep;
    body += `<text x="${x(v)}" y="${bottom + f + 4}" text-anchor="middle">${escapeXml(o.format(v))}</text>`;
  }
  for (let v = yd[0]; v <= yd[1]; v++)
    body += `<text x="${plot.x - 5}" y="${y(v) + f / 3}" text-anchor="end">${escapeXml(o.format(v))}</text>`;
  body += `</g><g class="axis-labels" font-size="${f}" fill="#1a1a1a">`;
  body += `<text x="${plot.x + plot.w / 2}" y="${o.height - 6}" text-anchor="middle">${escapeXml(o.xLabel)}</text>`;
  const ym = plot.y + plot.h / 2;
  body += `<text x="${f + 2}" y="${ym}" text-anchor="middle" transform="rotate(-90 ${f + 2} ${ym})">Soddisfazione media (da 1 a 10)</text></g>`;

  const lines: string[] = [];
  if (o.xLine !== null) lines.push(`<line x1="${x(o.xLine)}" y1="${plot.y}" x2="${x(o.xLine)}" y2="${bottom}"/>`);
  if (o.yLine !== null)
    lines.push(`<line x1="${plot.x}" y1="${y(o.yLine)}" x2="${plot.x + plot.w}" y2="${y(o.yLine)}"/>`);
  if (lines.length) body += `<g class="quadrant-lines" stroke="#995c00" stroke-dasharray="6 4">${lines.join("")}</g>`;

  // Quadrant names in the four corners, wrapped; their boxes are kept free of point numbers.
  const fixed: Box[] = [];
  const qf = f;
  body += `<g class="quadrant-names" font-size="${qf}" font-style="italic" fill="#4d4d4d">`;
  o.quadrants.forEach((name, i) => {
    const rows = wrapWords(name, o.wrapAt);
    const w = Math.max(...rows.map((r) => r.length)) * qf * CHAR + 2 * PAD;
    const h = (rows.length - 1) * (qf + 2) + qf * LINE + 2 * PAD;
    const right = i % 2 === 1;
    const top = i < 2;
    const bx = right ? plot.x + plot.w - 4 - w : plot.x + 4;
    const by = top ? plot.y + 2 : bottom - 2 - h;
    fixed.push({ x: bx, y: by, w, h });
    body += `<text data-quadrant="${i}" x="${right ? plot.x + plot.w - 4 : plot.x + 4}" y="${round(by + PAD + qf * ASCENT)}" text-anchor="${right ? "end" : "start"}" paint-order="stroke" stroke="#fff" stroke-width="3">`;
    rows.forEach((row, j) => {
      body += `<tspan x="${right ? plot.x + plot.w - 4 : plot.x + 4}" dy="${j === 0 ? 0 : qf + 2}">${escapeXml(row)}</tspan>`;
    });
    body += `</text>`;
  });
  body += `</g>`;

  const centres = o.points.map((p) => ({ cx: x(p.x), cy: y(p.y) }));
  const texts = o.points.map((_, i) => String(i + 1));
  const boxes = placeLabels(centres, texts, f, plot, fixed);
  body += `<g class="points">`;
  o.points.forEach((p, i) => {
    const c = centres[i];
    const b = boxes[i];
    const name = escapeXml(
      `${i + 1}. ${p.label}: importanza ${o.formatValue(p.x)}, soddisfazione ${o.formatValue(p.y)}`,
    );
    body += `<g class="point" data-point="${i + 1}"><title>${name}</title><circle cx="${c.cx}" cy="${c.cy}" r="${RADIUS}" fill="#0066cc"/>`;
    if (b) {
      const tx = round(b.x + b.w / 2);
      const ty = round(b.y + PAD + f * ASCENT);
      const far = Math.hypot(tx - c.cx, b.y + b.h / 2 - c.cy) > RADIUS + b.w / 2 + 6;
      if (far)
        body += `<line x1="${c.cx}" y1="${c.cy}" x2="${tx}" y2="${round(b.y + b.h / 2)}" stroke="#7a8a99" stroke-width="0.8"/>`;
      body += `<text class="point-label" x="${tx}" y="${ty}" text-anchor="middle" font-size="${f}" font-weight="600" fill="#1a1a1a" paint-order="stroke" stroke="#fff" stroke-width="2">${i + 1}</text>`;
    }
    body += `</g>`;
  });
  body += `</g>`;

  const t = `${o.id}-title`;
  const d = `${o.id}-desc`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg ipa-svg" id="${o.id}" viewBox="0 0 ${o.width} ${o.height}" width="${o.width}" height="${o.height}" role="img" aria-labelledby="${t} ${d}">` +
    `<title id="${t}">${escapeXml(o.title)}</title><desc id="${d}">${escapeXml(o.description)}</desc>${body}</svg>`
  );
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
