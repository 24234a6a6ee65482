CREATE TABLE `erasures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`contact_point_id` integer NOT NULL,
	`reason` text NOT NULL,
	`case_count` integer NOT NULL,
	`erased_at` integer NOT NULL,
	`erased_by` text NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_point_id`) REFERENCES `contact_points`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`erased_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `erasures_person` ON `erasures` (`person_id`);--> statement-breakpoint
CREATE TABLE `retention_periods` (
	`case_type` text PRIMARY KEY NOT NULL,
	`months` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `retention_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`cases` integer NOT NULL,
	`people` integer NOT NULL,
	`held` integer NOT NULL,
	`wal_scrubbed` integer NOT NULL,
	`source` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `wal_scrub` (
	`id` integer PRIMARY KEY NOT NULL,
	`filler` blob NOT NULL
);
--> statement-breakpoint
ALTER TABLE `people` ADD `anonymised_at` integer;--> statement-breakpoint
ALTER TABLE `people` ADD `anonymised_for` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `legal_hold_since` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `legal_hold_by` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `cases` ADD `legal_hold_reason` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `anonymised_at` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `anonymised_for` text;--> statement-breakpoint
CREATE INDEX `cases_retention` ON `cases` (`closed_at`) WHERE status = 'closed' and anonymised_at is null;--> statement-breakpoint
ALTER TABLE `documents` ADD `anonymised_at` integer;--> statement-breakpoint
-- Documents stay immutable (0005), with one exception, one way: retention or erasure removes the PDF and the
-- snapshot (src/retention), and the row stays as the record that the document was made, by whom, with its SHA-256.
DROP TRIGGER `documents_immutable`;--> statement-breakpoint
CREATE TRIGGER `documents_immutable` BEFORE UPDATE ON `documents`
WHEN NOT (
  OLD.`anonymised_at` IS NULL AND NEW.`anonymised_at` IS NOT NULL AND NEW.`pdf` = x'' AND NEW.`snapshot` = '{}'
  AND NEW.`id` IS OLD.`id` AND NEW.`case_id` IS OLD.`case_id` AND NEW.`kind` IS OLD.`kind` AND NEW.`template` IS OLD.`template`
  AND NEW.`language` IS OLD.`language` AND NEW.`version` IS OLD.`version` AND NEW.`sha256` IS OLD.`sha256`
  AND NEW.`byte_size` IS OLD.`byte_size` AND NEW.`page_count` IS OLD.`page_count` AND NEW.`warnings` IS OLD.`warnings`
  AND NEW.`created_at` IS OLD.`created_at` AND NEW.`created_by` IS OLD.`created_by`
)
BEGIN
  SELECT RAISE(ABORT, 'documents are immutable');
END;--> statement-breakpoint
-- Erased names must leave the search index too. By default FTS5 deletes by adding "delete" entries and keeps the old
-- terms in its segments until they are merged; with secure-delete (SQLite 3.42+) a delete removes them at once.
-- optimize merges what earlier deletes left behind. (Older SQLite builds cannot write this table afterwards.)
INSERT INTO `case_search` (`case_search`, `rank`) VALUES ('secure-delete', 1);--> statement-breakpoint
INSERT INTO `case_search` (`case_search`) VALUES ('optimize');
