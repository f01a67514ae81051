import { formatInteger, formatNumber, formatPercent } from "../format/italian.js";
import { ipaSvg } from "./ipa-svg.js";
import { lineSvg } from "./svg.js";
import type { chartData } from "./view.js";

type Charts = ReturnType<typeof chartData>;

const IPA_TITLE = "Importanza e soddisfazione per servizio";
const IPA_DESCRIPTION =
  "Grafico a dispersione: in orizzontale l'importanza media, in verticale la soddisfazione media; ogni punto porta il numero del servizio nella tabella che segue, dove sono tutti i dati.";

/**
 * The charts drawn on the server as SVG: the importance–performance chart in a wide drawing (screen
 * and print) and a narrow one (phones, larger type), and the coverage curve for the offline file.
 */
export function reportFigures(charts: Charts): { ipa: string; ipaNarrow: string; coverage: string } {
  const ipa = charts.ipa;
  const common = {
    title: IPA_TITLE,
    description: IPA_DESCRIPTION,
    points: ipa.points,
    xLine: ipa.xLine,
    yLine: ipa.yLine,
    quadrants: ipa.quadrants,
    xBounds: ipa.xDomain,
    xLabel: ipa.xLabel,
    format: (v: number) => (Number.isInteger(v) ? formatInteger(v) : formatNumber(v, 2)),
    formatValue: (v: number) => formatNumber(v, ipa.xDomain[0] < 0 ? 2 : 1),
  };
  const cov = charts.coverage;
  return {
    ipa: ipaSvg({ ...common, id: "svg-ipa", width: 720, height: 480, fontSize: 12, wrapAt: 40 }),
    ipaNarrow: ipaSvg({ ...common, id: "svg-ipa-stretto", width: 360, height: 420, fontSize: 12, wrapAt: 17 }),
    coverage: lineSvg({
      id: "svg-copertura",
      title: "Copertura dello Sportello secondo il numero di servizi",
      description:
        "Curva: per ogni numero di servizi allo Sportello, la quota di cittadini serviti del tutto e la quota di contatti gestiti; i dati sono nella tabella che segue.",
      xLabel: "Servizi allo Sportello (k)",
      yLabel: "Quota",
      series: [
        { name: "Cittadini serviti del tutto", points: cov.k.map((k, i) => ({ x: k, y: cov.full[i] })) },
        { name: "Contatti gestiti", points: cov.k.map((k, i) => ({ x: k, y: cov.contacts[i] })), dashed: true },
        {
          name: "Sportello migliore: cittadini serviti del tutto",
          points: cov.k.map((k, i) => ({ x: k, y: cov.best[i] })),
          dashed: true,
        },
      ],
      xDomain: [1, Math.max(2, cov.k.length)],
      xTicks: cov.k,
      yDomain: [0, 1],
      format: (v) => formatPercent(v, 0),
      formatX: (v) => formatInteger(v),
    }),
  };
}
