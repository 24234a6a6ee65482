ALTER TABLE `evidence_files` ADD `event_id` integer REFERENCES case_events(id);--> statement-breakpoint
ALTER TABLE `evidence_files` ADD `thumb_storage_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `evidence_files_thumb_storage_id_unique` ON `evidence_files` (`thumb_storage_id`);--> statement-breakpoint
CREATE INDEX `evidence_event` ON `evidence_files` (`event_id`);