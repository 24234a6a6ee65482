CREATE TABLE `evidence_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`storage_id` text NOT NULL,
	`name` text NOT NULL,
	`mime_type` text NOT NULL,
	`byte_size` integer NOT NULL,
	`sha256` text NOT NULL,
	`stored_sha256` text NOT NULL,
	`category` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`location_removed` integer DEFAULT false NOT NULL,
	`added_at` integer NOT NULL,
	`added_by` text,
	`deleted_at` integer,
	`deleted_by` text,
	`deleted_for` text,
	`deleted_reason` text,
	`purged_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`added_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`deleted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `evidence_files_storage_id_unique` ON `evidence_files` (`storage_id`);--> statement-breakpoint
CREATE INDEX `evidence_case_added` ON `evidence_files` (`case_id`,`added_at`);--> statement-breakpoint
CREATE INDEX `evidence_unpurged` ON `evidence_files` (`deleted_at`,`purged_at`);