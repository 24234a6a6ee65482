CREATE TABLE `collective_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`collective_id` integer NOT NULL,
	`at` integer NOT NULL,
	`user_id` text,
	`kind` text NOT NULL,
	`body` text NOT NULL,
	FOREIGN KEY (`collective_id`) REFERENCES `collectives`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `collective_entries_group` ON `collective_entries` (`collective_id`,`at`);--> statement-breakpoint
CREATE TABLE `collective_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`collective_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	`joined_at` integer NOT NULL,
	`joined_by` text,
	`left_at` integer,
	`left_by` text,
	`left_reason` text,
	FOREIGN KEY (`collective_id`) REFERENCES `collectives`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`joined_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`left_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `collective_members_group` ON `collective_members` (`collective_id`,`left_at`);--> statement-breakpoint
CREATE INDEX `collective_members_case` ON `collective_members` (`case_id`,`left_at`);--> statement-breakpoint
CREATE TABLE `collective_sequences` (
	`contact_point_id` integer NOT NULL,
	`year` integer NOT NULL,
	`last_number` integer NOT NULL,
	PRIMARY KEY(`contact_point_id`, `year`),
	FOREIGN KEY (`contact_point_id`) REFERENCES `contact_points`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `collectives` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reference` text NOT NULL,
	`contact_point_id` integer NOT NULL,
	`party_id` integer NOT NULL,
	`title` text NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`contact_point_id`) REFERENCES `contact_points`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`party_id`) REFERENCES `parties`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `collectives_reference_unique` ON `collectives` (`reference`);--> statement-breakpoint
CREATE INDEX `collectives_cp` ON `collectives` (`contact_point_id`,`created_at`);--> statement-breakpoint
-- hand-written: a case belongs to at most one group at a time (a worker who left may join another).
CREATE UNIQUE INDEX `collective_members_active` ON `collective_members` (`case_id`) WHERE left_at IS NULL;
