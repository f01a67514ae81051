/**
 * What the synthetic Limbiate assumes about each service of the shipped catalogue (surveys/servizi.json).
 * These are invented, plausible figures for a demo, not measurements: they only make the answers hang
 * together (who uses what, which services bounce people between offices, what staff say of them).
 */
export interface ServiceTrait {
  /** Yearly probability that an adult with no special reason deals with it. */
  use: number;
  /** 0 = one office settles it at once; 1 = people are sent from office to office. */
  frag: number;
  /** Multipliers of `use` for segments. */
  parents?: number;
  old?: number;
  veryOld?: number;
  young?: number;
  foreign?: number;
  carers?: number;
  /** Staff: weekly contacts level 0–3 (column index of `contatti`). */
  volume: number;
  /** Staff: weights of inform / file / process / specialist. */
  feasible: [number, number, number, number];
  /** Staff: probabilities of "yes" for constraints that differ from their area's default. */
  constraints?: Partial<Record<Constraint, number>>;
}

export type Constraint = "delega" | "software" | "firma" | "pagamento" | "sopralluogo";

export const SERVICES: Record<string, ServiceTrait> = {
  cie: {
    use: 0.1,
    frag: 0.15,
    old: 2.2,
    foreign: 1.3,
    volume: 3,
    feasible: [0.15, 0.55, 0.2, 0.1],
    constraints: { pagamento: 0.95 },
  },
  certificati: {
    use: 0.09,
    frag: 0.05,
    old: 2,
    volume: 3,
    feasible: [0.05, 0.25, 0.65, 0.05],
    constraints: { pagamento: 0.6 },
  },
  residenza: {
    use: 0.04,
    frag: 0.45,
    young: 1.8,
    foreign: 5,
    volume: 2,
    feasible: [0.2, 0.6, 0.05, 0.15],
    constraints: { sopralluogo: 0.7 },
  },
  autentiche: { use: 0.04, frag: 0.1, old: 1.6, volume: 2, feasible: [0.1, 0.3, 0.45, 0.15] },
  stato_civile: { use: 0.03, frag: 0.3, old: 1.3, volume: 1, feasible: [0.3, 0.3, 0.05, 0.35] },
  elettorale: { use: 0.04, frag: 0.1, volume: 1, feasible: [0.1, 0.3, 0.55, 0.05], constraints: { pagamento: 0.05 } },
  passaporto: { use: 0.01, frag: 0.35, parents: 4, volume: 1, feasible: [0.3, 0.55, 0, 0.15] },
  identita_digitale: {
    use: 0.05,
    frag: 0.25,
    old: 2.4,
    volume: 2,
    feasible: [0.15, 0.2, 0.55, 0.1],
    constraints: { pagamento: 0.1 },
  },
  cimiteriali: {
    use: 0.02,
    frag: 0.3,
    old: 2.5,
    veryOld: 4,
    volume: 1,
    feasible: [0.3, 0.45, 0.1, 0.15],
    constraints: { pagamento: 0.9 },
  },
  protocollo: { use: 0.07, frag: 0.05, volume: 3, feasible: [0.05, 0.35, 0.55, 0.05] },
  casa_comunale: { use: 0.03, frag: 0.1, volume: 1, feasible: [0.1, 0.2, 0.65, 0.05] },
  accesso_atti: { use: 0.015, frag: 0.5, volume: 1, feasible: [0.3, 0.4, 0.05, 0.25], constraints: { firma: 0.7 } },
  informazioni: {
    use: 0.09,
    frag: 0.2,
    foreign: 1.5,
    volume: 3,
    feasible: [0.35, 0.2, 0.4, 0.05],
    constraints: { software: 0.1, firma: 0.05 },
  },
  pagamenti: { use: 0.05, frag: 0.05, volume: 2, feasible: [0.05, 0.15, 0.75, 0.05] },
  tari: { use: 0.12, frag: 0.6, foreign: 1.3, volume: 3, feasible: [0.35, 0.4, 0.1, 0.15] },
  imu: { use: 0.05, frag: 0.5, old: 1.4, foreign: 0.4, volume: 2, feasible: [0.4, 0.3, 0.05, 0.25] },
  suolo_pubblico: { use: 0.012, frag: 0.6, volume: 1, feasible: [0.3, 0.4, 0, 0.3], constraints: { sopralluogo: 0.5 } },
  servizi_scolastici: { use: 0.01, frag: 0.35, parents: 35, volume: 3, feasible: [0.15, 0.6, 0.15, 0.1] },
  tariffe_isee: { use: 0.006, frag: 0.45, parents: 35, foreign: 1.5, volume: 2, feasible: [0.2, 0.55, 0.1, 0.15] },
  nido: { use: 0.002, frag: 0.4, parents: 30, young: 1.5, volume: 1, feasible: [0.2, 0.6, 0.05, 0.15] },
  servizi_sociali: {
    use: 0.025,
    frag: 0.8,
    old: 1.5,
    carers: 3,
    foreign: 1.6,
    volume: 2,
    feasible: [0.35, 0.2, 0, 0.45],
    constraints: { firma: 0.8 },
  },
  contributi: {
    use: 0.03,
    frag: 0.7,
    parents: 1.8,
    foreign: 2,
    carers: 1.5,
    volume: 2,
    feasible: [0.3, 0.45, 0.05, 0.2],
  },
  alloggi: { use: 0.012, frag: 0.65, foreign: 2.5, volume: 1, feasible: [0.3, 0.5, 0, 0.2] },
  cultura_sport: {
    use: 0.03,
    frag: 0.15,
    parents: 2.5,
    young: 1.5,
    volume: 1,
    feasible: [0.1, 0.4, 0.45, 0.05],
    constraints: { firma: 0.1 },
  },
  sportelli_ospitati: {
    use: 0.012,
    frag: 0.4,
    foreign: 8,
    carers: 2,
    volume: 1,
    feasible: [0.5, 0.3, 0, 0.2],
    constraints: { pagamento: 0.05 },
  },
  contrassegno_disabili: {
    use: 0.012,
    frag: 0.4,
    old: 2.5,
    carers: 3,
    volume: 1,
    feasible: [0.15, 0.6, 0.1, 0.15],
    constraints: { pagamento: 0.1 },
  },
  permessi_sosta: { use: 0.03, frag: 0.3, volume: 2, feasible: [0.15, 0.55, 0.2, 0.1] },
  sanzioni: {
    use: 0.05,
    frag: 0.3,
    young: 1.3,
    volume: 2,
    feasible: [0.35, 0.25, 0.25, 0.15],
    constraints: { pagamento: 0.95 },
  },
  edilizia_atti: { use: 0.012, frag: 0.8, volume: 1, feasible: [0.3, 0.15, 0, 0.55] },
  titoli_edilizi: { use: 0.015, frag: 0.85, volume: 2, feasible: [0.25, 0.15, 0, 0.6] },
  suap: { use: 0.012, frag: 0.85, volume: 1, feasible: [0.25, 0.15, 0, 0.6] },
  segnalazioni: {
    use: 0.07,
    frag: 0.3,
    volume: 2,
    feasible: [0.2, 0.5, 0.25, 0.05],
    constraints: { sopralluogo: 0.9, pagamento: 0.02 },
  },
};

/** A service added to the catalogue after this table was written: middling on every count. */
export const UNKNOWN_SERVICE: ServiceTrait = { use: 0.02, frag: 0.4, volume: 1, feasible: [0.25, 0.4, 0.15, 0.2] };

export function traitOf(code: string): ServiceTrait {
  return SERVICES[code] ?? UNKNOWN_SERVICE;
}

/** Constraint defaults by macro-area (probability that a staff member says "yes"). */
export const AREA_CONSTRAINTS: Record<string, Record<Constraint, number>> = {
  demografici: { delega: 0.85, software: 0.9, firma: 0.15, pagamento: 0.4, sopralluogo: 0.05 },
  tributi: { delega: 0.1, software: 0.85, firma: 0.3, pagamento: 0.9, sopralluogo: 0.05 },
  persona: { delega: 0.1, software: 0.5, firma: 0.6, pagamento: 0.4, sopralluogo: 0.1 },
  tecnico: { delega: 0.3, software: 0.7, firma: 0.8, pagamento: 0.7, sopralluogo: 0.8 },
  polizia_locale: { delega: 0.3, software: 0.7, firma: 0.5, pagamento: 0.7, sopralluogo: 0.3 },
  affari_generali: { delega: 0.2, software: 0.6, firma: 0.2, pagamento: 0.1, sopralluogo: 0.02 },
};
