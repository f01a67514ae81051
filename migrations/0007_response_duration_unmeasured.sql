PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_responses` (
	`id` text PRIMARY KEY NOT NULL,
	`survey_id` text NOT NULL,
	`survey_version` integer NOT NULL,
	`channel` text NOT NULL,
	`lang` text NOT NULL,
	`started_at` text,
	`submitted_at` text NOT NULL,
	`synthetic` integer DEFAULT false NOT NULL,
	`entered_by` text
);
--> statement-breakpoint
INSERT INTO `__new_responses`("id", "survey_id", "survey_version", "channel", "lang", "started_at", "submitted_at", "synthetic", "entered_by") SELECT "id", "survey_id", "survey_version", "channel", "lang", "started_at", "submitted_at", "synthetic", "entered_by" FROM `responses`;--> statement-breakpoint
DROP TABLE `responses`;--> statement-breakpoint
ALTER TABLE `__new_responses` RENAME TO `responses`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `responses_survey` ON `responses` (`survey_id`,`submitted_at`);