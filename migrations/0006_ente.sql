CREATE TABLE `ente` (
	`id` integer PRIMARY KEY NOT NULL,
	`json` text NOT NULL,
	`example` integer NOT NULL,
	`stemma` blob,
	`stemma_type` text,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL
);
