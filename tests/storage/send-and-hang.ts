/**
 * An app node for tests/storage/pg-crash.test.ts: sends one draft through the storage boundary,
 * prints the outcome (what the citizen would see as «grazie») and then stays up, holding its pool,
 * until the test kills it with SIGKILL.
 */
import { openPostgresStorage } from "../../src/storage/postgres/index.js";
import { submitDraftAsync } from "../../src/storage/submit.js";
import { fixtureRegistry } from "./engines.js";

const [url, token] = process.argv.slice(2);
const storage = await openPostgresStorage(url, { max: 1 });
const result = await submitDraftAsync(storage, fixtureRegistry(), token);
process.stdout.write(`${JSON.stringify(result)}\n`);
setInterval(() => {}, 60_000);
