CREATE TABLE `report_margins` (
	`survey_id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`csv` text NOT NULL,
	`illustrative` integer NOT NULL,
	`source` text NOT NULL,
	`uploaded_at` text NOT NULL,
	`uploaded_by` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `report_settings` (
	`survey_id` text PRIMARY KEY NOT NULL,
	`json` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL
);
