CREATE TABLE `access_codes` (
	`code_hash` text PRIMARY KEY NOT NULL,
	`survey_id` text NOT NULL,
	`used` integer DEFAULT false NOT NULL,
	`revoked` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `answers` (
	`response_id` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`response_id`, `key`),
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `definitions` (
	`kind` text NOT NULL,
	`id` text NOT NULL,
	`version` integer NOT NULL,
	`hash` text NOT NULL,
	`json` text NOT NULL,
	`published_at` text NOT NULL,
	PRIMARY KEY(`kind`, `id`, `version`)
);
--> statement-breakpoint
CREATE TABLE `drafts` (
	`token` text PRIMARY KEY NOT NULL,
	`resume_code` text NOT NULL,
	`survey_id` text NOT NULL,
	`survey_version` integer NOT NULL,
	`channel` text DEFAULT 'web' NOT NULL,
	`lang` text NOT NULL,
	`answers` text DEFAULT '{}' NOT NULL,
	`code_hash` text,
	`started_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`submitted` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `drafts_resume_code_unique` ON `drafts` (`resume_code`);--> statement-breakpoint
CREATE INDEX `drafts_expiry` ON `drafts` (`expires_at`);--> statement-breakpoint
CREATE TABLE `feedback` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`survey_id` text NOT NULL,
	`rating` integer NOT NULL,
	`aspects` text DEFAULT '' NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`day` text DEFAULT (date('now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `responses` (
	`id` text PRIMARY KEY NOT NULL,
	`survey_id` text NOT NULL,
	`survey_version` integer NOT NULL,
	`channel` text NOT NULL,
	`lang` text NOT NULL,
	`started_at` text NOT NULL,
	`submitted_at` text NOT NULL,
	`synthetic` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX `responses_survey` ON `responses` (`survey_id`,`submitted_at`);