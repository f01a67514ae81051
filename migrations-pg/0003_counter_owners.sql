CREATE TABLE "counter_owners" (
	"owner" text PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"expires_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "counter_owners_expiry" ON "counter_owners" USING btree ("expires_at");