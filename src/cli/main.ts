import { join } from "node:path";
import { loadConfig } from "../config.js";
import { loadDefinitions } from "../surveys/loader.js";
import { writeJsonSchemas } from "./json-schema.js";
import { EXPORT_USAGE, exportCommand } from "./export.js";
import { IMPORT_USAGE, importCommand } from "./import.js";
import { DEMO_USAGE, demoCommand } from "./demo.js";
import { REPORT_USAGE, reportCommand } from "./report.js";
import { BACKUP_USAGE, backupCommand } from "./backup.js";
import { CONVERT_USAGE, convertCommand } from "./convert.js";
import { routesTable } from "./routes-table.js";
import { userCommand } from "./user.js";
import { codesCommand } from "./codes.js";
import { COPY_DATABASE_USAGE, copyDatabaseCommand } from "./copy-database.js";

const USAGE = `Uso: npm run cli -- <comando> [opzioni]

Comandi:
  codes --survey ID --count N [--out F.csv]   crea N codici di accesso monouso (li mostra una sola volta; anche su PostgreSQL)
  schema                                      rigenera gli JSON Schema in surveys/ per gli editor
  check                                       controlla i questionari in surveys/ senza avviare il server
  routes                                      la tabella delle pagine e dei ruoli ammessi (per SECURITY.md)
  user invite --role admin|analyst|operator|giunta   crea un link di attivazione monouso (72 ore; anche su PostgreSQL)
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

function main(argv: string[]): number | Promise<number> {
  const [command, ...rest] = argv;
  const config = loadConfig();
  switch (command) {
    case "codes":
      return codesCommand(rest, config);
    case "schema": {
      for (const file of writeJsonSchemas(config.surveysDir)) console.log(`scritto ${join(config.surveysDir, file)}`);
      return 0;
    }
    case "user":
      return userCommand(rest, config);
    case "export":
      return exportCommand(rest, config);
    case "import":
      return importCommand(rest, config);
    case "report":
      return reportCommand(rest, config);
    case "demo":
      return demoCommand(rest, config);
    case "backup":
      return backupCommand(rest, config);
    case "convert":
      return convertCommand(rest);
    case "copy-database":
      return copyDatabaseCommand(rest, config);
    case "routes":
      console.log(routesTable());
      return 0;
    case "check": {
      const { surveys, catalogues } = loadDefinitions(config.surveysDir);
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
