import { fileURLToPath } from 'node:url';

/**
 * The project root: views, static files, fonts and migrations are found relative to it. This file sits
 * one level below the root both as src/paths.ts (tsx) and as dist/paths.js (the build), so the same
 * relative paths hold for both.
 */
export const rootDir = fileURLToPath(new URL('..', import.meta.url));
export const viewsDir = fileURLToPath(new URL('../views', import.meta.url));
export const staticDir = fileURLToPath(new URL('../static', import.meta.url));
export const fontsDir = fileURLToPath(new URL('../static/fonts/', import.meta.url));
export const migrationsDir = fileURLToPath(new URL('../drizzle', import.meta.url));
/** The JSON catalogues travel with the code: `npm run build` copies src/i18n/locales to dist/i18n/locales. */
export const localesDir = fileURLToPath(new URL('./i18n/locales/', import.meta.url));
