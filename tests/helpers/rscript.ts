import { spawnSync } from "node:child_process";

/** Whether Rscript with the survey package runs here; outside CI its absence skips the R tests with a warning. */
export function rAvailable(): boolean {
  const probe = spawnSync("Rscript", ["-e", "library(survey)"], { encoding: "utf8", timeout: 60_000 });
  if (probe.status === 0) return true;
  if (process.env.CI)
    throw new Error(
      "Rscript with the survey package is missing (apt-get install -y r-base r-cran-survey): CI needs it.",
    );
  console.warn(
    "⚠ R tests SKIPPED: Rscript with the survey package not found (apt-get install -y r-base r-cran-survey).",
  );
  return false;
}

/** Whether PSPP (the free SPSS) runs here: the SPSS syntax is checked in it; CI installs it (.ci/run). */
export function psppAvailable(): boolean {
  const probe = spawnSync("pspp", ["--version"], { encoding: "utf8", timeout: 60_000 });
  if (probe.status === 0) return true;
  if (process.env.CI) throw new Error("pspp is missing (apt-get install -y pspp): CI needs it.");
  console.warn("⚠ SPSS syntax test SKIPPED: pspp not found (apt-get install -y pspp).");
  return false;
}
