// `npm run build` (and `npm start` through prestart): TypeScript in src/ → JavaScript in dist/,
// then the static assets the pages use (scripts/build-assets.mjs). dist/ mirrors src/, so every
// `join(import.meta.dirname, "..")` in the code reaches the same views/, migrations/, surveys/.
import { execFileSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
rmSync(join(root, "dist"), { recursive: true, force: true });
execFileSync(
  process.execPath,
  [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.build.json")],
  {
    stdio: "inherit",
    cwd: root,
  },
);
const assets = join(root, "scripts/build-assets.mjs");
if (existsSync(assets)) await import(assets);
