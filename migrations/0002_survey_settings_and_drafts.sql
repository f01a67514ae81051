CREATE TABLE `survey_drafts` (
	`survey_id` text PRIMARY KEY NOT NULL,
	`json` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `survey_settings` (
	`survey_id` text PRIMARY KEY NOT NULL,
	`status` text,
	`opens_at` text,
	`closes_at` text,
	`draft_days` integer,
	`retain_until` text,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `responses` ADD `entered_by` text;