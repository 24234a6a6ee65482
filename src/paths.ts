import { fileURLToPath } from 'node:url';

/** The project root: views, static files and migrations are found relative to it. */
export const rootDir = fileURLToPath(new URL('..', import.meta.url));
export const viewsDir = fileURLToPath(new URL('../views', import.meta.url));
export const staticDir = fileURLToPath(new URL('../static', import.meta.url));
export const migrationsDir = fileURLToPath(new URL('../drizzle', import.meta.url));
