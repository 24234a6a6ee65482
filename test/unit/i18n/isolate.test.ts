import { describe, expect, it } from 'vitest';
import { translator } from '../../../src/i18n/index.js';
import { bdi, isolateCurrency, isolatedT } from '../../../src/i18n/isolate.js';

describe('isolating interpolated values', () => {
  it('wraps each text value of a sentence in <bdi>, escaped, and escapes the sentence', () => {
    const ti = isolatedT(translator('ar').t);
    const html = ti('dashboard.greeting', { name: 'Amira <b>Haddad</b> & co' });
    expect(html).toContain('<bdi>Amira &lt;b&gt;Haddad&lt;/b&gt; &amp; co</bdi>');
    expect(html).not.toContain('<b>');
    expect(html.replace(/<bdi>.*<\/bdi>/, '')).toMatch(/[\u0600-\u06ff]/);
  });

  it('keeps numbers as they are so plurals still work', () => {
    const ti = isolatedT(translator('en').t);
    expect(ti('supervision.confirmHeading', { count: 2, name: 'Grace Okafor' })).toBe('Move 2 cases to <bdi>Grace Okafor</bdi>?');
    expect(ti('supervision.confirmHeading', { count: 1, name: 'Grace Okafor' })).toBe('Move 1 case to <bdi>Grace Okafor</bdi>?');
  });

  it('bdi() escapes its value', () => {
    expect(bdi('"x" <y>')).toBe('<bdi>&quot;x&quot; &lt;y&gt;</bdi>');
  });

  it('isolates the currency symbol of an amount, and only it', () => {
    const ar = translator('ar').money(3850, 'GBP');
    expect(isolateCurrency(ar)).toBe(ar.replace('UK£', '\u2068UK£\u2069'));
    expect(isolateCurrency('1.234,50 €')).toBe('1.234,50 \u2068€\u2069');
  });
});
