import { publishSurveys, readPublishedSurveys } from "./admin/definitions.repository.js";
import { firstAdminSetupToken } from "./admin/accounts.service.js";
import { createApp } from "./app.js";
import { loadConfig } from "./config.js";
import { openDatabase } from "./db/client.js";
import { applyRetention, purgeDrafts } from "./admin/retention.service.js";
import { loadDefinitions } from "./surveys/loader.js";
import { createRegistry } from "./surveys/registry.js";

/** The only module with side effects: configuration → database → surveys → listen. */
function main(): void {
  const config = loadConfig();
  const db = openDatabase(config.databasePath);
  const { surveys } = loadDefinitions(config.surveysDir);
  const files = [...surveys.values()];
  publishSurveys(db, files);
  // Older published versions stay readable for drafts and reports; the files win for their own version.
  const registry = createRegistry([...readPublishedSurveys(db), ...files]);
  const purged = purgeDrafts(db);
  const hourly = setInterval(() => purgeDrafts(db), 3_600_000);
  hourly.unref();
  // Retention (responses past their survey's retention date), at start and then once a day.
  applyRetention(db);
  const daily = setInterval(() => applyRetention(db), 86_400_000);
  daily.unref();

  const app = createApp({ db, registry, config });
  const server = app.listen(config.port, config.host, () => {
    const open = registry.all().map((s) => s.definition.id).join(", ") || "nessuno";
    console.log(`Sportello: http://localhost:${config.port} (questionari: ${open}; bozze scadute eliminate: ${purged})`);
    const setup = firstAdminSetupToken(db);
    if (setup) console.log(`Nessun account ancora: crei il primo amministratore da http://localhost:${config.port}/attivazione/${setup} (valido 24 ore, una sola volta).`);
  });
  const stop = (): void => {
    server.close(() => {
      db.$client.close();
      process.exit(0);
    });
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

try {
  main();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
