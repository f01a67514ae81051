import { ROLES } from "../surveys/vocabulary.js";

/*
 * What each command of the CLI takes, in one module of its own: `cli/main.ts` prints them all for
 * help and loads only the module of the command it runs (the report need not load PostgreSQL's driver).
 */

export const BACKUP_USAGE = "backup --out F.db";
export const CODES_USAGE = "codes --survey ID --count N [--out F.csv]";
export const CONVERT_USAGE = "convert --from lss|xlsform --file F [--id ID] --out survey.json";
export const COPY_DATABASE_USAGE = "copy-database --to postgres://… [--from F.db]";
export const DEMO_USAGE = "demo --citizens N --staff M --seed S [--margins F.csv] [--end AAAA-MM-GG]";
export const EXPORT_USAGE =
  "export --survey ID [--format csv|csv-it|xlsx|spss|stata|r|datapackage] --out PATH [--channel web|kiosk|paper|import] [--from AAAA-MM-GG] [--to AAAA-MM-GG]";
export const IMPORT_USAGE = "import --survey ID --file F.csv";
export const REPORT_USAGE =
  "report --survey ID [--margins F.csv] [--format json|csv|html|sintesi] [--seed N] [--threads N] [--out F] [--unprotected]";
export const USER_USAGE = `user invite --role ${ROLES.join("|")}`;
