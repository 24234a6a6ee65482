CREATE TABLE `collective_deadline_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`collective_deadline_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	`deadline_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`collective_deadline_id`) REFERENCES `collective_deadlines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`deadline_id`) REFERENCES `deadlines`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `collective_deadline_links_case` ON `collective_deadline_links` (`collective_deadline_id`,`case_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `collective_deadline_links_deadline` ON `collective_deadline_links` (`deadline_id`);--> statement-breakpoint
CREATE TABLE `collective_deadlines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`collective_id` integer NOT NULL,
	`rule_id` text NOT NULL,
	`title` text NOT NULL,
	`trigger_field` text NOT NULL,
	`trigger_date` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`collective_id`) REFERENCES `collectives`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `collective_deadlines_group` ON `collective_deadlines` (`collective_id`);--> statement-breakpoint
CREATE TABLE `collective_files` (
	`evidence_id` integer PRIMARY KEY NOT NULL,
	`collective_id` integer NOT NULL,
	FOREIGN KEY (`evidence_id`) REFERENCES `evidence_files`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`collective_id`) REFERENCES `collectives`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `collective_files_group` ON `collective_files` (`collective_id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_evidence_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer,
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
	`event_id` integer,
	`thumb_storage_id` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`added_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`deleted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `case_events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_evidence_files`("id", "case_id", "storage_id", "name", "mime_type", "byte_size", "sha256", "stored_sha256", "category", "description", "location_removed", "added_at", "added_by", "deleted_at", "deleted_by", "deleted_for", "deleted_reason", "purged_at", "version", "event_id", "thumb_storage_id") SELECT "id", "case_id", "storage_id", "name", "mime_type", "byte_size", "sha256", "stored_sha256", "category", "description", "location_removed", "added_at", "added_by", "deleted_at", "deleted_by", "deleted_for", "deleted_reason", "purged_at", "version", "event_id", "thumb_storage_id" FROM `evidence_files`;--> statement-breakpoint
DROP TABLE `evidence_files`;--> statement-breakpoint
ALTER TABLE `__new_evidence_files` RENAME TO `evidence_files`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `evidence_files_storage_id_unique` ON `evidence_files` (`storage_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `evidence_files_thumb_storage_id_unique` ON `evidence_files` (`thumb_storage_id`);--> statement-breakpoint
CREATE INDEX `evidence_case_added` ON `evidence_files` (`case_id`,`added_at`);--> statement-breakpoint
CREATE INDEX `evidence_unpurged` ON `evidence_files` (`deleted_at`,`purged_at`);--> statement-breakpoint
CREATE INDEX `evidence_event` ON `evidence_files` (`event_id`);--> statement-breakpoint
ALTER TABLE `collective_entries` ADD `data` text;