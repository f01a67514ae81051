import { join } from "node:path";
import { loadConfig } from "../config.js";
import {
  BACKUP_USAGE,
  CODES_USAGE,
  CONVERT_USAGE,
  COPY_DATABASE_USAGE,
  DEMO_USAGE,
  EXPORT_USAGE,
  IMPORT_USAGE,
  REPORT_USAGE,
  USER_USAGE,
} from "./usage.js";

const USAGE = `Uso: npm run cli -- <comando> [opzioni]

Comandi:
  ${CODES_USAGE}   crea N codici di accesso monouso (li mostra una sola volta; anche su PostgreSQL)
  schema                                      rigenera gli JSON Schema in surveys/ per gli editor
  check                                       controlla i questionari in surveys/ senza avviare il server
  routes                                      la tabella delle pagine e dei ruoli ammessi (per SECURITY.md)
  ${USER_USAGE}   crea un link di attivazione monouso (72 ore; anche su PostgreSQL)
  user list                                   elenca gli utenti
  ${EXPORT_USAGE}
                                              esporta le risposte nel CSV di scambio (--out - per lo schermo; anche su PostgreSQL)
  ${IMPORT_USAGE}   importa risposte dal CSV, tutto o niente (anche su PostgreSQL)
  ${REPORT_USAGE}
                                              il rapporto per la giunta (classifica, intervalli, copertura; anche su PostgreSQL)
  ${BACKUP_USAGE}                           copia coerente del database SQLite mentre il server è in funzione
                                              (su PostgreSQL la copia si fa con pg_dump: docs/postgresql.md)
  ${CONVERT_USAGE}
                                              converte un questionario LimeSurvey o XLSForm in una definizione per surveys/
  ${DEMO_USAGE}
                                              aggiunge risposte simulate (dati simulati) di cittadini e personale,
                                              tutte o nessuna (anche su PostgreSQL)
  ${COPY_DATABASE_USAGE}
                                              copia il database SQLite in PostgreSQL e verifica la copia

La configurazione è la stessa del server (DATABASE_PATH o DATABASE_URL, SURVEYS_DIR).`;

/**
 * Each command's module is loaded only when that command runs: the report need not load PostgreSQL's
 * driver or the importers (about a tenth of a second of every run).
 */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadConfig();
  switch (command) {
    case "codes":
      return (await import("./codes.js")).codesCommand(rest, config);
    case "schema": {
      const { writeJsonSchemas } = await import("./json-schema.js");
      for (const file of writeJsonSchemas(config.surveysDir)) console.log(`scritto ${join(config.surveysDir, file)}`);
      return 0;
    }
    case "user":
      return (await import("./user.js")).userCommand(rest, config);
    case "export":
      return (await import("./export.js")).exportCommand(rest, config);
    case "import":
      return (await import("./import.js")).importCommand(rest, config);
    case "report":
      return (await import("./report.js")).reportCommand(rest, config);
    case "demo":
      return (await import("./demo.js")).demoCommand(rest, config);
    case "backup":
      return (await import("./backup.js")).backupCommand(rest, config);
    case "convert":
      return (await import("./convert.js")).convertCommand(rest);
    case "copy-database":
      return (await import("./copy-database.js")).copyDatabaseCommand(rest, config);
    case "routes":
      console.log((await import("./routes-table.js")).routesTable());
      return 0;
    case "check": {
      const { surveys, catalogues } = (await import("../surveys/loader.js")).loadDefinitions(config.surveysDir);
      console.log(`Tutto in ordine: ${surveys.size} questionari, ${catalogues.size} cataloghi.`);
      return 0;
    }
    default:
      console.error(USAGE);
      return command ? 2 : 0;
  }
}

// export streams, so a command may finish later: wait for it before setting the exit code.
Promise.resolve()
  .then(() => main(process.argv.slice(2)))
  .then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error((error as Error).message);
      process.exitCode = 1;
    },
  );
