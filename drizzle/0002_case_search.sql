-- Full-text search over cases (DESIGN §3: FTS5). One row per case, rewritten by the cases service whenever the
-- reference, the person's name or alias, the parties or the notes change. Restricted notes are never indexed,
-- so a search cannot reveal what they say. remove_diacritics 2: "Nguyen" finds "Nguyễn", "Cerkezoglu" finds "Çerkezoğlu".
CREATE VIRTUAL TABLE `case_search` USING fts5(
  `reference`,
  `people`,
  `parties`,
  `notes`,
  tokenize = 'unicode61 remove_diacritics 2'
);
