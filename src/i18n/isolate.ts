import type { TFunction } from 'i18next';

/** i18next's options, not values of the sentence. */
const OPTIONS = new Set(['defaultValue', 'context', 'ns', 'lng', 'count', 'ordinal']);

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** The value as HTML, escaped and isolated: a Latin name in Arabic text (or an Arabic one in French) keeps its order. */
export function bdi(value: unknown): string {
  return `<bdi>${escapeHtml(String(value ?? ''))}</bdi>`;
}

/**
 * `t` whose result is HTML: the sentence escaped, each interpolated text value (a name, a reference, an e-mail
 * address) escaped and wrapped in `<bdi>`, so that the bidirectional algorithm does not reorder it with the
 * words around it. Numbers (a plural's `count`) and
 * i18next's options (`defaultValue`, `context`) pass as they are. Print it with `<%~ %>`.
 */
export function isolatedT(t: TFunction) {
  return (key: string, vars: Record<string, unknown> = {}): string => {
    const values: string[] = [];
    const marked: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(vars)) {
      if (typeof value === 'string' && !OPTIONS.has(name)) {
        marked[name] = `\uE000${values.length}\uE001`;
        values.push(value);
      } else marked[name] = value;
    }
    const text = String(t(key, marked));
    return escapeHtml(text).replace(/\uE000(\d+)\uE001/g, (_, i: string) => bdi(values[Number(i)]));
  };
}

/**
 * A formatted amount for a right-to-left page: the currency symbol ("UK£", "US$") isolated (U+2068…U+2069) so that
 * it stays whole on the side CLDR puts it, instead of "£UK". Plain text: it goes through escaping like any other.
 */
export function isolateCurrency(formatted: string): string {
  return formatted.replace(/[^\d\s.,\u00a0\u066b\u066c\u0660-\u0669\u200e\u200f\u061c+\-\u2212%\u066a]+/gu, (symbol) => `\u2068${symbol}\u2069`);
}
