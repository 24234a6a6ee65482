CREATE TABLE `partner_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`referral_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	`contact_point_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`evidence_ids` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	`revoked_by` text,
	FOREIGN KEY (`referral_id`) REFERENCES `referrals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_point_id`) REFERENCES `contact_points`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`revoked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `partner_links_token_hash_unique` ON `partner_links` (`token_hash`);--> statement-breakpoint
CREATE INDEX `partner_links_referral` ON `partner_links` (`referral_id`);--> statement-breakpoint
CREATE INDEX `partner_links_case` ON `partner_links` (`case_id`);--> statement-breakpoint
ALTER TABLE `transfers` ADD `kept_evidence_ids` text;