CREATE TABLE `login_address_throttle` (
	`address` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`window_start` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_address_throttle_window` ON `login_address_throttle` (`window_start`);