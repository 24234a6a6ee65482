import { describe, expect, it } from 'vitest';
import { composeLetter } from '../../../src/letters/letter-content.js';
import type { LetterDocument } from '../../../src/letters/letter-document.js';
import type { LetterSnapshot } from '../../../src/letters/letter-snapshot.js';
import { renderLetterPdf } from '../../../src/letters/pdf.js';
import { flat, pdfInfo } from '../../helpers/pdf-text.js';
import { londonCase, renderText } from './fixtures.js';

const FACT =
  'On each Friday of the period the kitchen manager told Mr Nowak that the wages would be paid the following week, and each following week the payment did not arrive; he kept working because he had been told that leaving would mean losing everything he was owed.';

/** A letter before claim made longer, fact by fact, until it fills exactly `pages` pages. */
async function letterOfPages(pages: number): Promise<{ snapshot: LetterSnapshot; document: LetterDocument }> {
  for (let facts = 1; facts <= 80; facts++) {
    const snapshot = londonCase({ facts: Array.from({ length: facts }, (_, index) => `${index + 1}. ${FACT}`) });
    const document = composeLetter('letter_before_claim', snapshot);
    const { pageCount } = await renderLetterPdf(document);
    if (pageCount === pages) return { snapshot, document };
    if (pageCount > pages) break;
  }
  throw new Error(`No letter of exactly ${pages} pages`);
}

describe('pagination', () => {
  it('numbers the pages of a three-page letter, with the reference after the first, and the letterhead only on the first', async () => {
    const { snapshot } = await letterOfPages(3);
    const { pages, pageCount } = await renderText('letter_before_claim', snapshot);
    expect(pageCount).toBe(3);
    expect(pages).toHaveLength(3);
    const [first, second, third] = pages.map(flat) as [string, string, string];

    expect(first).toContain('Page 1 of 3');
    expect(first).not.toContain('Our reference LDN-2026-00042 · Page');
    expect(second).toContain('Our reference LDN-2026-00042 · Page 2 of 3');
    expect(third).toContain('Our reference LDN-2026-00042 · Page 3 of 3');

    expect(first).toContain('Email london@cp.example.org');
    expect(first).toContain('128 Example Road');
    for (const page of [second, third]) {
      expect(page).not.toContain('Email london@cp.example.org');
      expect(page).not.toContain('128 Example Road');
    }
    // The letter ends on the last page.
    expect(third).toContain('Mr Nowak’s own record of hours');
  });

  it('puts no page number on a one-page letter', async () => {
    const snapshot = londonCase({ enclosures: [] });
    snapshot.referral = { ...snapshot.referral!, sharedFields: ['name'], replyBy: undefined };
    const { pages, pageCount } = await renderText('referral', snapshot);
    expect(pageCount).toBe(1);
    expect(pages[0]).not.toMatch(/Page \d/);
    expect(pages[0]).toContain('Hospitality and Care Workers Union · London Migrant Workers Contact Point · London');
  });

  it('keeps every fact, in order, across page breaks', async () => {
    const facts = Array.from({ length: 14 }, (_, index) => `${index + 1}. ${FACT}`);
    const { pages, pageCount } = await renderText('letter_before_claim', londonCase({ facts }));
    expect(pageCount).toBeGreaterThanOrEqual(3);
    const text = flat(pages.join(' '));
    const positions = facts.map((_, index) => text.indexOf(`${index + 1}. On each Friday of the period`));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});

describe('deterministic output', () => {
  it('gives the same bytes for the same letter, and dates the PDF from the letter', async () => {
    const document = composeLetter('letter_before_claim', londonCase());
    const first = await renderLetterPdf(document);
    const second = await renderLetterPdf(composeLetter('letter_before_claim', londonCase()));
    expect(first.pdf.equals(second.pdf)).toBe(true);
    expect(await pdfInfo(first.pdf)).toMatchObject({ CreationDate: expect.stringMatching(/^D:20260310093000Z/) });

    const later = await renderLetterPdf({ ...document, createdAt: '2026-03-11T09:30:00Z' });
    expect(later.pdf.equals(first.pdf)).toBe(false);
  });

  it('keeps names out of the PDF metadata', async () => {
    const { pdf } = await renderLetterPdf(composeLetter('letter_before_claim', londonCase({ person: { displayName: 'Zbigniew Tester' } })));
    const info = await pdfInfo(pdf);
    expect(info).toMatchObject({
      Title: 'Letter before claim (unpaid wages) · LDN-2026-00042',
      Author: 'Hospitality and Care Workers Union · London Migrant Workers Contact Point',
      Language: 'en',
    });
    expect(JSON.stringify(info)).not.toContain('Zbigniew');
  });
});
