export * from '../contact-points/contact-points.table.js';
export * from '../users/users.table.js';
export * from '../auth/auth.table.js';
export * from '../audit/audit.table.js';
