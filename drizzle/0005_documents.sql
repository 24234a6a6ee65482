CREATE TABLE `documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`kind` text NOT NULL,
	`template` text NOT NULL,
	`language` text NOT NULL,
	`version` integer NOT NULL,
	`snapshot` text NOT NULL,
	`sha256` text NOT NULL,
	`pdf` blob NOT NULL,
	`byte_size` integer NOT NULL,
	`page_count` integer NOT NULL,
	`warnings` text DEFAULT '[]' NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `documents_case_kind_version` ON `documents` (`case_id`,`kind`,`version`);--> statement-breakpoint
CREATE INDEX `documents_case_created` ON `documents` (`case_id`,`created_at`);--> statement-breakpoint
-- Documents are immutable (DESIGN §2): a new version is a new row; no code path, and no mistake, may rewrite one.
CREATE TRIGGER `documents_immutable` BEFORE UPDATE ON `documents`
BEGIN
  SELECT RAISE(ABORT, 'documents are immutable');
END;
