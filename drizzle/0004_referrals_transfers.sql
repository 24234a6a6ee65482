CREATE TABLE `partners` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`country` text NOT NULL,
	`city` text DEFAULT '' NOT NULL,
	`languages` text NOT NULL,
	`services` text NOT NULL,
	`contact_name` text DEFAULT '' NOT NULL,
	`email` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `partners_country_kind` ON `partners` (`country`,`kind`,`active`);--> statement-breakpoint
CREATE INDEX `partners_name` ON `partners` (`name`);--> statement-breakpoint
CREATE TABLE `referrals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`partner_id` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`reason` text NOT NULL,
	`request` text NOT NULL,
	`shared_fields` text NOT NULL,
	`follow_up_on` text,
	`consent_id` integer,
	`created_at` integer NOT NULL,
	`created_by` text,
	`updated_at` integer NOT NULL,
	`sent_at` integer,
	`sent_by` text,
	`responded_at` integer,
	`closed_at` integer,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`consent_id`) REFERENCES `consents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sent_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `referrals_case` ON `referrals` (`case_id`,`status`);--> statement-breakpoint
CREATE INDEX `referrals_status_follow_up` ON `referrals` (`status`,`follow_up_on`);--> statement-breakpoint
CREATE TABLE `transfer_stubs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contact_point_id` integer NOT NULL,
	`to_contact_point_id` integer NOT NULL,
	`transfer_id` integer NOT NULL,
	`case_reference` text NOT NULL,
	`case_opened_at` integer NOT NULL,
	`proposed_at` integer NOT NULL,
	`transferred_at` integer NOT NULL,
	FOREIGN KEY (`contact_point_id`) REFERENCES `contact_points`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_contact_point_id`) REFERENCES `contact_points`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `transfer_stubs_transfer_id_unique` ON `transfer_stubs` (`transfer_id`);--> statement-breakpoint
CREATE INDEX `transfer_stubs_cp` ON `transfer_stubs` (`contact_point_id`,`transferred_at`);--> statement-breakpoint
CREATE TABLE `transfers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`from_contact_point_id` integer NOT NULL,
	`to_contact_point_id` integer NOT NULL,
	`status` text DEFAULT 'proposed' NOT NULL,
	`reason` text NOT NULL,
	`proposed_by` text NOT NULL,
	`proposed_at` integer NOT NULL,
	`decided_by` text,
	`decided_at` integer,
	`decision_note` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`from_contact_point_id`) REFERENCES `contact_points`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_contact_point_id`) REFERENCES `contact_points`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`proposed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `transfers_to_status` ON `transfers` (`to_contact_point_id`,`status`);--> statement-breakpoint
CREATE INDEX `transfers_from_status` ON `transfers` (`from_contact_point_id`,`status`);--> statement-breakpoint
CREATE INDEX `transfers_case` ON `transfers` (`case_id`,`status`);