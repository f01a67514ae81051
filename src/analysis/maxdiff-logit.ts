import type { BestWorstTask } from "./maxdiff.js";

/**
 * Share of preference from a conditional (multinomial) logit on the best–worst choices: in each set
 * the best item is chosen with probability exp(βᵦ)/Σ exp(βₖ) over the set, then the worst among the
 * items left with probability exp(−β_w)/Σ exp(−βₖ) (the sequential best–worst model, Louviere,
 * Flynn & Marley 2015, ch. 4). Survey weights enter as a pseudo-likelihood. The last item shown is
 * the reference (β = 0); shares exp(βⱼ)/Σ exp(βₖ) do not depend on that choice. Fitted by Newton's
 * method; checked against R's survival::coxph on the stacked choices (tests/fixtures/r/maxdiff.R).
 */
export interface LogitResult {
  items: string[];
  /** Utilities with the reference item at 0. */
  utilities: number[];
  /** Share of preference, summing to 1. */
  shares: number[];
  logLik: number;
  iterations: number;
  /** False when an item was always chosen best or always worst (no finite estimate). */
  converged: boolean;
}

interface Choice {
  /** Item indexes of the alternatives; `chosen` is one of them. */
  alternatives: number[];
  chosen: number;
  /** +1 for a best choice, −1 for a worst choice. */
  sign: number;
  weight: number;
}

export function bestWorstLogit(
  respondents: ReadonlyArray<readonly BestWorstTask[]>,
  weights: ArrayLike<number>,
  options: { maxIterations?: number; tolerance?: number } = {},
): LogitResult {
  const index = new Map<string, number>();
  for (const tasks of respondents)
    for (const task of tasks) for (const item of task.items) if (!index.has(item)) index.set(item, index.size);
  const items = [...index.keys()];
  const J = items.length;
  // Identical choices (the same set, the same pick, the same direction) are one term of the likelihood
  // with their weights added: a fixed design has a few hundred of them however many respondents.
  // Terms are grouped by direction and alternatives, then by the pick, in the order first met.
  const choices: Choice[] = [];
  const groups = new Map<string, Map<number, Choice>>();
  const groupOf = (alternatives: number[], sign: number) => {
    const key = `${sign}:${alternatives.join(",")}`;
    let group = groups.get(key);
    if (!group) {
      group = new Map();
      groups.set(key, group);
    }
    return { alternatives, sign, group };
  };
  const add = (term: ReturnType<typeof groupOf>, chosen: number, weight: number) => {
    const same = term.group.get(chosen);
    if (same) same.weight += weight;
    else {
      const choice = { alternatives: term.alternatives, chosen, sign: term.sign, weight };
      term.group.set(chosen, choice);
      choices.push(choice);
    }
  };
  // Respondents of one design share its sets' arrays: each set, and each set without its best item,
  // is looked up once.
  const bestTerms = new Map<
    readonly string[],
    { term: ReturnType<typeof groupOf>; worst: Map<number, ReturnType<typeof groupOf>> }
  >();
  respondents.forEach((tasks, i) => {
    for (const task of tasks) {
      let terms = bestTerms.get(task.items);
      if (!terms) {
        const set = task.items.map((x) => index.get(x)!);
        bestTerms.set(task.items, (terms = { term: groupOf(set, 1), worst: new Map() }));
      }
      const best = index.get(task.best)!;
      add(terms.term, best, weights[i]);
      let worst = terms.worst.get(best);
      if (!worst)
        terms.worst.set(
          best,
          (worst = groupOf(
            terms.term.alternatives.filter((k) => k !== best),
            -1,
          )),
        );
      add(worst, index.get(task.worst)!, weights[i]);
    }
  });
  const P = Math.max(0, J - 1);
  const beta = new Float64Array(J);
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-10;
  let logLik = logLikelihood(choices, beta);
  let iterations = 0;
  let converged = P === 0;
  while (!converged && iterations < maxIterations) {
    iterations++;
    const { gradient, information } = derivatives(choices, beta, P);
    const step = solve(information, gradient, P);
    if (!step) break;
    // Step halving keeps every iteration uphill.
    let scale = 1;
    let next = beta;
    let nextLogLik = -Infinity;
    for (let h = 0; h < 30; h++, scale /= 2) {
      next = Float64Array.from(beta, (b, j) => (j < P ? b + scale * step[j] : 0));
      nextLogLik = logLikelihood(choices, next);
      if (nextLogLik >= logLik - 1e-12 * Math.abs(logLik)) break;
    }
    const change = Math.max(...step.map((s) => Math.abs(s * scale)));
    beta.set(next);
    logLik = nextLogLik;
    if (change < tolerance) converged = true;
  }
  const max = Math.max(...beta);
  const exp = Array.from(beta, (b) => Math.exp(b - max));
  const total = exp.reduce((a, b) => a + b, 0);
  return {
    items,
    utilities: [...beta],
    shares: exp.map((e) => e / total),
    logLik,
    iterations,
    converged: converged && beta.every(Number.isFinite),
  };
}

function logLikelihood(choices: Choice[], beta: Float64Array): number {
  let ll = 0;
  for (const c of choices) {
    let max = -Infinity;
    for (const k of c.alternatives) max = Math.max(max, c.sign * beta[k]);
    let sum = 0;
    for (const k of c.alternatives) sum += Math.exp(c.sign * beta[k] - max);
    ll += c.weight * (c.sign * beta[c.chosen] - max - Math.log(sum));
  }
  return ll;
}

/** Gradient and observed information (−Hessian) over the free parameters 0 … P − 1. */
function derivatives(
  choices: Choice[],
  beta: Float64Array,
  P: number,
): { gradient: Float64Array; information: Float64Array } {
  const gradient = new Float64Array(P);
  const information = new Float64Array(P * P);
  for (const c of choices) {
    let max = -Infinity;
    for (const k of c.alternatives) max = Math.max(max, c.sign * beta[k]);
    const e = c.alternatives.map((k) => Math.exp(c.sign * beta[k] - max));
    const sum = e.reduce((a, b) => a + b, 0);
    const p = e.map((x) => x / sum);
    c.alternatives.forEach((j, a) => {
      if (j >= P) return;
      gradient[j] += c.weight * c.sign * ((j === c.chosen ? 1 : 0) - p[a]);
      c.alternatives.forEach((l, b) => {
        if (l >= P) return;
        information[j * P + l] += c.weight * ((a === b ? p[a] : 0) - p[a] * p[b]);
      });
    });
  }
  return { gradient, information };
}

/** Solves A x = b by Gaussian elimination with partial pivoting; null when A is singular. */
function solve(matrix: Float64Array, rhs: Float64Array, n: number): number[] | null {
  const a = Array.from({ length: n }, (_, i) => [...matrix.subarray(i * n, (i + 1) * n), rhs[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    if (Math.abs(a[pivot][col]) < 1e-12) return null;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    for (let r = col + 1; r < n; r++) {
      const f = a[r][col] / a[col][col];
      if (f !== 0) for (let k = col; k <= n; k++) a[r][k] -= f * a[col][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = a[r][n];
    for (let k = r + 1; k < n; k++) s -= a[r][k] * x[k];
    x[r] = s / a[r][r];
  }
  return x;
}
