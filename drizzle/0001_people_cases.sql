CREATE TABLE `consents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`given_on` text NOT NULL,
	`recorded_by` text NOT NULL,
	`scopes` text NOT NULL,
	`note` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `consents_person` ON `consents` (`person_id`,`id`);--> statement-breakpoint
CREATE TABLE `people` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contact_point_id` integer NOT NULL,
	`name` text,
	`alias` text,
	`preferred_language` text DEFAULT 'en' NOT NULL,
	`interpreter_needed` integer DEFAULT false NOT NULL,
	`phone` text,
	`phone_digits` text,
	`messaging_handle` text,
	`nationality` text,
	`gender` text,
	`birth_year` integer,
	`birth_date` text,
	`immigration_status` text DEFAULT 'unknown' NOT NULL,
	`visa_type` text,
	`visa_expiry` text,
	`union_name` text,
	`union_number` text,
	`union_since` text,
	`safety_flags` text DEFAULT '[]' NOT NULL,
	`safety_note` text,
	`created_at` integer NOT NULL,
	`created_by` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`contact_point_id`) REFERENCES `contact_points`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `people_cp_name` ON `people` (`contact_point_id`,`name`);--> statement-breakpoint
CREATE INDEX `people_cp_alias` ON `people` (`contact_point_id`,`alias`);--> statement-breakpoint
CREATE INDEX `people_cp_phone` ON `people` (`contact_point_id`,`phone_digits`);--> statement-breakpoint
CREATE TABLE `parties` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`kind` text NOT NULL,
	`country` text,
	`sector` text,
	`registration_number` text,
	`address` text,
	`created_at` integer NOT NULL,
	`created_by` text,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `parties_name_key` ON `parties` (`name_key`);--> statement-breakpoint
CREATE TABLE `case_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`at` integer NOT NULL,
	`user_id` text,
	`kind` text NOT NULL,
	`restricted` integer DEFAULT false NOT NULL,
	`body` text,
	`data` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_events_case` ON `case_events` (`case_id`,`at`);--> statement-breakpoint
CREATE TABLE `case_parties` (
	`case_id` integer NOT NULL,
	`party_id` integer NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`case_id`, `party_id`),
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`party_id`) REFERENCES `parties`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_parties_party` ON `case_parties` (`party_id`,`case_id`);--> statement-breakpoint
CREATE TABLE `case_sequences` (
	`contact_point_id` integer NOT NULL,
	`year` integer NOT NULL,
	`last_number` integer NOT NULL,
	PRIMARY KEY(`contact_point_id`, `year`),
	FOREIGN KEY (`contact_point_id`) REFERENCES `contact_points`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `case_types` (
	`case_id` integer NOT NULL,
	`case_type` text NOT NULL,
	PRIMARY KEY(`case_id`, `case_type`),
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `case_types_type` ON `case_types` (`case_type`,`case_id`);--> statement-breakpoint
CREATE TABLE `cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reference` text NOT NULL,
	`contact_point_id` integer NOT NULL,
	`person_id` integer,
	`assigned_to` text,
	`sector` text,
	`jurisdiction_country` text NOT NULL,
	`jurisdiction_region` text,
	`status` text DEFAULT 'intake' NOT NULL,
	`priority` text DEFAULT 'normal' NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`employment_start` text,
	`employment_end` text,
	`amount_claimed_minor` integer,
	`amount_recovered_minor` integer,
	`currency` text,
	`outcome` text,
	`outcome_note` text,
	`gcm_objectives` text DEFAULT '[]' NOT NULL,
	`opened_at` integer NOT NULL,
	`closed_at` integer,
	`last_activity_at` integer NOT NULL,
	`created_by` text,
	FOREIGN KEY (`contact_point_id`) REFERENCES `contact_points`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assigned_to`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cases_reference_unique` ON `cases` (`reference`);--> statement-breakpoint
CREATE INDEX `cases_cp_status` ON `cases` (`contact_point_id`,`status`,`last_activity_at`);--> statement-breakpoint
CREATE INDEX `cases_cp_opened` ON `cases` (`contact_point_id`,`opened_at`);--> statement-breakpoint
CREATE INDEX `cases_cp_assigned` ON `cases` (`contact_point_id`,`assigned_to`,`status`);--> statement-breakpoint
CREATE INDEX `cases_person` ON `cases` (`person_id`);