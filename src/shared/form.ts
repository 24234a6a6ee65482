import type { z } from 'zod';

/** Field name → translation key of the first message, as the form templates show them next to each field. */
export type FieldErrors = Record<string, string>;

const isMessageKey = (message: string) => /^[a-z][A-Za-z0-9]*(\.[A-Za-z0-9_]+)+$/.test(message);

export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    // A bad item of a list (languages.2) is reported on the list's own field.
    const path = issue.path.filter((p) => typeof p !== 'number');
    const key = path.length ? path.join('.') : '_form';
    // Our schemas give translation keys (dotted, no spaces); zod's own messages are sentences, replaced by a key per issue code.
    out[key] ??= isMessageKey(issue.message) ? issue.message : `validation.${issue.code}`;
  }
  return out;
}

/** Checkbox groups arrive as a string or an array; absent means none. */
export function asList(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
