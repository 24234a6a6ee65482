/** Vitest puts Vite's BASE_URL ('/') into process.env; a child process must not inherit it as our BASE_URL. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const { BASE_URL: _vite, ...rest } = process.env;
  return rest;
}
