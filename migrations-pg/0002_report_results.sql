CREATE TABLE "report_results" (
	"view_key" text PRIMARY KEY NOT NULL,
	"inputs" text NOT NULL,
	"report" text NOT NULL,
	"built_at" text NOT NULL
);
