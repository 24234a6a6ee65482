import { describe, expect, it } from 'vitest';
import { letterKindFits, paperSizeFor } from '../../../src/letters/jurisdictions.js';

describe('what follows the jurisdiction', () => {
  it('prints on US Letter in the United States and Canada, on A4 everywhere else', () => {
    expect(paperSizeFor('US')).toBe('LETTER');
    expect(paperSizeFor('ca')).toBe('LETTER');
    for (const country of ['GB', 'IE', 'FR', 'DE', 'AU', 'MX', 'PH']) expect(paperSizeFor(country)).toBe('A4');
  });

  it('makes the request for a statement of interest (US deferred action) on US cases only', () => {
    expect(letterKindFits('statement_of_interest', 'US')).toBe(true);
    expect(letterKindFits('statement_of_interest', 'GB')).toBe(false);
    expect(letterKindFits('statement_of_interest', 'CA')).toBe(false);
    for (const kind of ['letter_before_claim', 'inspectorate_complaint', 'worker_summary']) {
      expect(letterKindFits(kind, 'GB')).toBe(true);
      expect(letterKindFits(kind, 'US')).toBe(true);
    }
  });
});
