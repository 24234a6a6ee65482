CREATE TABLE `calendar_feeds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	`last_used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_feeds_token_hash_unique` ON `calendar_feeds` (`token_hash`);--> statement-breakpoint
CREATE INDEX `calendar_feeds_user` ON `calendar_feeds` (`user_id`,`revoked_at`);--> statement-breakpoint
CREATE TABLE `case_trigger_dates` (
	`case_id` integer NOT NULL,
	`field` text NOT NULL,
	`date` text NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	PRIMARY KEY(`case_id`, `field`),
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `deadline_dismissals` (
	`case_id` integer NOT NULL,
	`rule_id` text NOT NULL,
	`due_date` text NOT NULL,
	`dismissed_at` integer NOT NULL,
	`dismissed_by` text,
	PRIMARY KEY(`case_id`, `rule_id`, `due_date`),
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`dismissed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `deadlines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`title` text NOT NULL,
	`due_date` text NOT NULL,
	`source` text NOT NULL,
	`rule_id` text,
	`rule_version` integer,
	`rule_fingerprint` text,
	`trigger_field` text,
	`trigger_date` text,
	`inputs` text,
	`computed_due_date` text,
	`steps` text,
	`explanation` text,
	`source_citation` text,
	`edit_reason` text,
	`status` text DEFAULT 'open' NOT NULL,
	`owner_id` text,
	`reminder_lead_days` integer NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	`status_changed_at` integer,
	`status_changed_by` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`status_changed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `deadlines_case` ON `deadlines` (`case_id`,`status`);--> statement-breakpoint
CREATE INDEX `deadlines_status_due` ON `deadlines` (`status`,`due_date`);--> statement-breakpoint
CREATE INDEX `deadlines_owner_status_due` ON `deadlines` (`owner_id`,`status`,`due_date`);--> statement-breakpoint
CREATE TABLE `reminder_digests` (
	`user_id` text NOT NULL,
	`day` text NOT NULL,
	`claimed_at` integer NOT NULL,
	`sent_at` integer,
	`deadline_count` integer NOT NULL,
	PRIMARY KEY(`user_id`, `day`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `rule_version_changes` (
	`rule_id` text NOT NULL,
	`version` integer NOT NULL,
	`added` integer NOT NULL,
	`rule` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	PRIMARY KEY(`rule_id`, `version`),
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
