CREATE TABLE `audit_flags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`contact_point_id` integer,
	`window_start` integer NOT NULL,
	`window_end` integer NOT NULL,
	`peak` integer NOT NULL,
	`threshold` integer NOT NULL,
	`raised_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_flags_user_end` ON `audit_flags` (`user_id`,`window_end`);--> statement-breakpoint
CREATE INDEX `audit_flags_end` ON `audit_flags` (`window_end`);--> statement-breakpoint
CREATE INDEX `audit_cp_action_at` ON `audit_log` (`contact_point_id`,`action`,`at`);--> statement-breakpoint
CREATE INDEX `audit_cp_type_at` ON `audit_log` (`contact_point_id`,`target_type`,`at`);--> statement-breakpoint
CREATE INDEX `audit_user_at` ON `audit_log` (`user_id`,`at`);