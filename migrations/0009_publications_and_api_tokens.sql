CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_hash` text NOT NULL,
	`name` text NOT NULL,
	`survey_id` text NOT NULL,
	`scope` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`revoked_at` text,
	`last_used_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `report_publications` (
	`survey_id` text PRIMARY KEY NOT NULL,
	`report_json` text NOT NULL,
	`published_at` text NOT NULL,
	`published_by` text NOT NULL
);
