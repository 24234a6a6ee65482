CREATE TABLE `login_address_throttle` (
	`address` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`window_start` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_address_throttle_window` ON `login_address_throttle` (`window_start`);--> statement-breakpoint
ALTER TABLE `users` ADD `awaiting_confirmation` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- Sessions are now keyed on the SHA-256 of the cookie's id (issue 12, security review e): rows from before hold the
-- id itself, which a copy of the database could replay, and no cookie hashes to them. Everyone signs in again.
DELETE FROM `sessions`;
