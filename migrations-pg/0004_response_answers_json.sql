-- As SQLite's migration 0012: the answers move from one row per answer (table "answers") to one JSON
-- object per response (column "responses"."answers"), keys in sorted order (C collation, as JavaScript
-- sorts them) and written as JSON.stringify writes them, so that a row reads the same on both engines.
ALTER TABLE "responses" ADD COLUMN "answers" text DEFAULT '{}' NOT NULL;--> statement-breakpoint
UPDATE "responses" SET "answers" = "collected"."json" FROM (
  SELECT "response_id", '{' || string_agg(to_json("key")::text || ':' || to_json("value")::text, ',' ORDER BY "key" COLLATE "C") || '}' AS "json"
  FROM "answers" GROUP BY "response_id"
) AS "collected" WHERE "collected"."response_id" = "responses"."id";--> statement-breakpoint
DROP TABLE "answers" CASCADE;
