import { describe, expect, it } from "vitest";
import { escapeXml, lineSvg, scatterSvg } from "../../src/report/svg.js";

const base = { id: "c", title: "Titolo", description: "Descrizione", xLabel: "Importanza", yLabel: "Soddisfazione" };

function numbers(svg: string, attr: string): number[] {
  return [...svg.matchAll(new RegExp(`${attr}="(-?[0-9.]+)"`, "g"))].map((m) => Number(m[1]));
}

describe("scatterSvg", () => {
  const svg = scatterSvg({
    ...base,
    xDomain: [1, 10],
    yDomain: [1, 10],
    xLine: 5.5,
    yLine: 4,
    points: [
      { x: 1, y: 1, label: "Carta d'identità" },
      { x: 10, y: 10, label: "TARI <rifiuti> & co" },
    ],
    quadrants: ["Alto sinistra", "Alto destra", "Basso sinistra", "Basso destra"],
  });

  it("is an accessible image with a title and a description", () => {
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="c-title c-desc"/);
    expect(svg).toContain('<title id="c-title">Titolo</title><desc id="c-desc">Descrizione</desc>');
  });

  it("puts one circle per point, the domain's corners at the plot's corners", () => {
    expect(svg.match(/<circle /g)).toHaveLength(2);
    const cx = numbers(svg, "cx");
    const cy = numbers(svg, "cy");
    expect(cx).toEqual([60, 620]);
    // SVG y grows downwards: the lowest value sits at the bottom of the plot.
    expect(cy).toEqual([350, 20]);
  });

  it("draws the quadrant lines where the means fall and names the four quadrants", () => {
    expect(svg).toContain('<line x1="340" y1="20" x2="340" y2="350"/>');
    expect(svg).toContain('<line x1="60" y1="240" x2="620" y2="240"/>');
    for (const q of ["Alto sinistra", "Alto destra", "Basso sinistra", "Basso destra"])
      expect(svg).toContain(`>${q}</text>`);
  });

  it("escapes the labels", () => {
    expect(svg).toContain("TARI &lt;rifiuti&gt; &amp; co");
    expect(svg).toContain("Carta d&#39;identità");
    expect(svg).not.toContain("<rifiuti>");
    expect(escapeXml(`"<&>'`)).toBe("&quot;&lt;&amp;&gt;&#39;");
  });

  it("draws no lines when the means are unknown, and survives no points", () => {
    const empty = scatterSvg({ ...base, xDomain: [1, 10], yDomain: [1, 10], points: [], xLine: null, yLine: null });
    expect(empty).not.toContain("quadrant-lines");
    expect(empty).not.toContain("<circle");
    expect(empty.endsWith("</svg>")).toBe(true);
  });
});

describe("lineSvg", () => {
  const svg = lineSvg({
    ...base,
    xDomain: [1, 3],
    yDomain: [0, 1],
    format: (v) => `${Math.round(v * 100)} %`,
    series: [
      {
        name: "Cittadini serviti del tutto",
        points: [
          { x: 1, y: 0 },
          { x: 2, y: 0.5 },
          { x: 3, y: 1 },
        ],
      },
      {
        name: "Contatti gestiti",
        points: [
          { x: 1, y: 0.25 },
          { x: 3, y: 0.75 },
        ],
        dashed: true,
      },
    ],
  });

  it("draws one polyline per series through its points, with a legend", () => {
    const lines = [...svg.matchAll(/<polyline [^>]*points="([^"]+)"/g)].map((m) => m[1]);
    expect(lines).toEqual(["60,350 340,185 620,20", "60,267.5 620,102.5"]);
    expect(svg).toContain(">Cittadini serviti del tutto</text>");
    expect(svg).toContain(">Contatti gestiti</text>");
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(2);
  });

  it("puts the x ticks where asked (one per desk size)", () => {
    const ticked = lineSvg({ ...base, xDomain: [1, 3], yDomain: [0, 1], xTicks: [1, 2, 3], series: [] });
    const labels = [...ticked.matchAll(/<text x="([0-9.]+)" y="366" text-anchor="middle">([^<]+)<\/text>/g)].map(
      (m) => [Number(m[1]), m[2]],
    );
    expect(labels).toEqual([
      [60, "1"],
      [340, "2"],
      [620, "3"],
    ]);
  });

  it("labels the ticks with the given formatter", () => {
    expect(svg).toContain(">0 %</text>");
    expect(svg).toContain(">100 %</text>");
  });
});
