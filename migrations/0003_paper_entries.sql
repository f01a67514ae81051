CREATE TABLE `paper_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`survey_id` text NOT NULL,
	`survey_version` integer NOT NULL,
	`answers` text NOT NULL,
	`entered_by` text NOT NULL,
	`created_at` text NOT NULL,
	`second_answers` text,
	`second_by` text
);
