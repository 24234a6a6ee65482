-- One search box (issue 16 item 2). Parties are found by registration number through an index, not a scan.
CREATE INDEX `parties_registration_number` ON `parties` (`registration_number`);--> statement-breakpoint
-- The case search row gains the case summary and the person's phone keys and messaging handle (src/search/phone.ts),
-- so that the case list and the header search find a case by its summary, a phone in any format, or a handle.
-- An FTS5 table takes no new columns: it is rebuilt from the old one. Existing rows get the stored phone's digits
-- without leading zeros ("0044 7700…" → 447700…, "07700…" → 7700…), the keys the search looks for; the app writes
-- the full set of keys whenever it rewrites a row. An anonymised case has no person in the row, so no phone either.
CREATE VIRTUAL TABLE `case_search_next` USING fts5(
  `reference`,
  `people`,
  `parties`,
  `notes`,
  `summary`,
  `contacts`,
  tokenize = 'unicode61 remove_diacritics 2'
);--> statement-breakpoint
INSERT INTO `case_search_next` (`rowid`, `reference`, `people`, `parties`, `notes`, `summary`, `contacts`)
  SELECT s.`rowid`, s.`reference`, s.`people`, s.`parties`, s.`notes`, coalesce(c.`summary`, ''),
         trim(coalesce(nullif(ltrim(p.`phone_digits`, '0'), ''), '') || ' ' || coalesce(ltrim(p.`messaging_handle`, '@'), ''))
  FROM `case_search` s
  JOIN `cases` c ON c.`id` = s.`rowid`
  LEFT JOIN `people` p ON p.`id` = c.`person_id` AND c.`anonymised_at` IS NULL;--> statement-breakpoint
DROP TABLE `case_search`;--> statement-breakpoint
ALTER TABLE `case_search_next` RENAME TO `case_search`;--> statement-breakpoint
-- As drizzle/0012: a deleted row's terms leave the index at once (retention, erasure).
INSERT INTO `case_search` (`case_search`, `rank`) VALUES ('secure-delete', 1);
