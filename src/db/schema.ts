export * from '../contact-points/contact-points.table.js';
export * from '../users/users.table.js';
export * from '../auth/auth.table.js';
export * from '../auth/address-throttle.table.js';
export * from '../auth/second-factor.table.js';
export * from '../audit/audit.table.js';
export * from '../people/people.table.js';
export * from '../parties/parties.table.js';
export * from '../cases/cases.table.js';
export * from '../deadlines/deadlines.table.js';
export * from '../partners/partners.table.js';
export * from '../referrals/referrals.table.js';
export * from '../transfers/transfers.table.js';
export * from '../documents/documents.table.js';
export * from '../backup/backup.table.js';
export * from '../retention/retention.table.js';
// case_search (FTS5, rowid = cases.id) is created by drizzle/0002_case_search.sql: drizzle has no virtual tables.
export * from '../letters/translation-reviews.table.js';
