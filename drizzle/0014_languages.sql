CREATE TABLE `translation_reviews` (
	`language` text PRIMARY KEY NOT NULL,
	`reviewer_name` text NOT NULL,
	`reviewed_on` text NOT NULL,
	`wording` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`set_by` text,
	`set_at` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`set_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `contact_points` ADD `default_locale` text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE `people` ADD `languages` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `documents` ADD `translation` text;--> statement-breakpoint
UPDATE `contact_points` SET `default_locale` = CASE `country` WHEN 'FR' THEN 'fr' WHEN 'ES' THEN 'es' WHEN 'IT' THEN 'it' WHEN 'DE' THEN 'de' WHEN 'AT' THEN 'de' WHEN 'NL' THEN 'nl' WHEN 'PT' THEN 'pt' ELSE 'en' END;--> statement-breakpoint
UPDATE `people` SET `languages` = json_array(`preferred_language`) WHERE `preferred_language` NOT IN ('', 'und');
