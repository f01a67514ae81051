import { createRng } from "../../src/analysis/random.js";
import type { CitizenRecord, Feasibility, StaffRecord } from "../../src/analysis/records.js";

/** Synthetic test data (not real answers): S services whose popularity falls with their index. */
export const quartieri = ["Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q8", "Q9"];
const ages = ["18_29", "30_44", "45_64", "65_74", "75_plus"];

export function serviceCodes(S: number): string[] {
  return Array.from({ length: S }, (_, k) => `S${String(k + 1).padStart(2, "0")}`);
}

export function syntheticCitizens(n: number, S: number, seed: number): CitizenRecord[] {
  const rng = createRng(seed);
  const codes = serviceCodes(S);
  return Array.from({ length: n }, () => {
    const age = ages[Math.min(4, Math.floor(rng.next() * rng.next() * 6 + rng.next() * 2))];
    const sex = rng.next() < 0.45 ? "M" : "F";
    const quartiere = quartieri[Math.floor(rng.next() * rng.next() * 9)];
    const used: CitizenRecord["used"] = {};
    const importance: Record<string, number> = {};
    codes.forEach((code, k) => {
      if (rng.next() < 0.25 / (1 + k / 4)) {
        used[code] = {
          frequency: 1 + rng.nextInt(3),
          offices: 1 + rng.nextInt(3),
          repeatVisits: rng.nextInt(3),
          timeLost: rng.nextInt(4),
          satisfaction: rng.next() < 0.1 ? null : 1 + rng.nextInt(10),
        };
      }
      if (rng.next() < 0.9) importance[code] = Math.min(10, 1 + rng.nextInt(7) + Math.floor((3 * (S - k)) / S));
    });
    const ranking: string[] = [];
    while (ranking.length < Math.min(5, S)) {
      const code = codes[Math.floor(rng.next() * rng.next() * S)];
      if (!ranking.includes(code)) ranking.push(code);
    }
    return { strata: quartiere, categories: { "eta*sesso": `${age}*${sex}`, quartiere }, used, importance, ranking };
  });
}

export function syntheticStaff(n: number, S: number, seed: number): StaffRecord[] {
  const rng = createRng(seed);
  const codes = serviceCodes(S);
  const levels: Feasibility[] = ["inform", "file", "process", "specialist"];
  return Array.from({ length: n }, (_, i) => {
    const services: StaffRecord["services"] = {};
    codes.forEach((code, k) => {
      if (k % 4 !== i % 4) return;
      services[code] = {
        severity: 1 + rng.nextInt(5),
        feasibility: k % 7 === 3 ? "specialist" : levels[rng.nextInt(3)],
        contacts: rng.nextInt(60),
      };
    });
    return { area: `area${i % 4}`, services, training: { anagrafe: rng.nextInt(3), tributi: rng.nextInt(3) } };
  });
}

/** Margins proportional to an assumed population, summing to 29,300 in both variables. */
export function syntheticMargins(): Record<string, Record<string, number>> {
  const etaSesso: Record<string, number> = {};
  const ageShare = [0.16, 0.24, 0.36, 0.13, 0.11];
  ages.forEach((a, j) => {
    etaSesso[`${a}*F`] = 29300 * ageShare[j] * 0.52;
    etaSesso[`${a}*M`] = 29300 * ageShare[j] * 0.48;
  });
  const quartiere: Record<string, number> = {};
  quartieri.forEach((q) => (quartiere[q] = 29300 / 9));
  return { "eta*sesso": etaSesso, quartiere };
}
