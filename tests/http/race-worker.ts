// A separate process with its own connection: submits one draft when the parent says "go",
// so several processes race for the same access code.
import { openDatabase } from "../../src/db/client.js";
import { submitDraft } from "../../src/storage/sqlite-submit.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { createRegistry } from "../../src/surveys/registry.js";

const [dbPath, surveysDir, token] = process.argv.slice(2);
const db = openDatabase(dbPath);
const registry = createRegistry(loadDefinitions(surveysDir).surveys.values());
process.once("message", () => {
  const result = submitDraft(db, registry, token);
  db.$client.close();
  process.send!(result.status, () => process.exit(0));
});
process.send!("ready");
