CREATE TABLE `collective_letters` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`collective_id` integer NOT NULL,
	`batch_id` integer NOT NULL,
	`version` integer NOT NULL,
	`language` text NOT NULL,
	`named_count` integer NOT NULL,
	`unnamed_count` integer NOT NULL,
	`named_case_ids` text NOT NULL,
	`sha256` text NOT NULL,
	`pdf` blob NOT NULL,
	`byte_size` integer NOT NULL,
	`page_count` integer NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`collective_id`) REFERENCES `collectives`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`batch_id`) REFERENCES `letter_batches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `collective_letters_batch_id_unique` ON `collective_letters` (`batch_id`);--> statement-breakpoint
CREATE INDEX `collective_letters_group` ON `collective_letters` (`collective_id`,`version`);--> statement-breakpoint
CREATE TABLE `letter_batch_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`batch_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`document_id` integer,
	`language` text,
	`missing` text,
	`done_at` integer,
	FOREIGN KEY (`batch_id`) REFERENCES `letter_batches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `letter_batch_items_batch` ON `letter_batch_items` (`batch_id`,`status`,`id`);--> statement-breakpoint
CREATE TABLE `letter_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`collective_id` integer NOT NULL,
	`contact_point_id` integer NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'running' NOT NULL,
	`common` text NOT NULL,
	`ui_locale` text NOT NULL,
	`total` integer NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`collective_id`) REFERENCES `collectives`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_point_id`) REFERENCES `contact_points`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `letter_batches_group` ON `letter_batches` (`collective_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `letter_batches_status` ON `letter_batches` (`status`);