CREATE TABLE `contact_point_holidays` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contact_point_id` integer NOT NULL,
	`date` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text,
	FOREIGN KEY (`contact_point_id`) REFERENCES `contact_points`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contact_point_holidays_day` ON `contact_point_holidays` (`contact_point_id`,`date`);--> statement-breakpoint
ALTER TABLE `contact_points` ADD `region` text;--> statement-breakpoint
ALTER TABLE `deadlines` ADD `alternatives` text;--> statement-breakpoint
ALTER TABLE `deadlines` ADD `region` text;