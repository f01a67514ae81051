import type { CitizenRecord, StaffRecord } from "../../src/analysis/records.js";

/**
 * A hand-sized example: services A, B, C; four citizens with weights 1, 1, 2, 1 (Σw = 5) and three
 * staff. Every criterion is worked by hand in ranking.test.ts.
 */
export const services = ["A", "B", "C"];
export const weights = [1, 1, 2, 1];

const base = { strata: "Q1", categories: {} };
export const citizens: CitizenRecord[] = [
  {
    ...base,
    used: { A: { frequency: 2, offices: 3, repeatVisits: 1, timeLost: 2, satisfaction: 4 } },
    importance: { A: 8, B: 6, C: 5 },
    ranking: ["A", "B"],
  },
  {
    ...base,
    used: {
      A: { frequency: 1, offices: 1, repeatVisits: 0, timeLost: 1, satisfaction: 8 },
      B: { frequency: 1, offices: 2, repeatVisits: 1, timeLost: 0, satisfaction: null },
    },
    importance: { A: 6, B: 8, C: 7 },
    ranking: ["B", "C", "A"],
  },
  {
    ...base,
    used: { C: { frequency: 3, offices: 1, repeatVisits: 0, timeLost: 0, satisfaction: 5 } },
    importance: { A: 4, B: 10, C: 9 },
    ranking: ["C"],
  },
  { ...base, used: {}, importance: { A: 10 }, ranking: [] },
];

export const staff: StaffRecord[] = [
  {
    area: "Demografici",
    services: {
      A: { severity: 4, feasibility: "file" },
      B: { severity: 2, feasibility: "specialist" },
      C: { severity: 3, feasibility: "process" },
    },
    training: {},
  },
  {
    area: "Demografici",
    services: {
      A: { severity: 2, feasibility: "inform" },
      B: { severity: 4, feasibility: "specialist" },
      C: { severity: 5, feasibility: "file" },
    },
    training: {},
  },
  { area: "Tributi", services: { A: { severity: 3, feasibility: "process" } }, training: {} },
];
