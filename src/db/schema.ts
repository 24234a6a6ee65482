export * from '../contact-points/contact-points.table.js';
export * from '../users/users.table.js';
export * from '../auth/auth.table.js';
export * from '../audit/audit.table.js';
export * from '../people/people.table.js';
export * from '../parties/parties.table.js';
export * from '../cases/cases.table.js';
// case_search (FTS5, rowid = cases.id) is created by drizzle/0002_case_search.sql: drizzle has no virtual tables.
