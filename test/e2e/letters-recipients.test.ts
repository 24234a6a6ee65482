import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { insertParty, linkPartyToCase } from '../../src/parties/parties.repo.js';
import { launchBrowser, seriousA11yViolations, signInAs, startServer } from '../helpers/browser.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';
import { flat, pdfText } from '../helpers/pdf-text.js';

/** Issue 16 item 6 in a browser: the recipient of a letter is chosen from the directory and printed from it. */

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function londonCase(jurisdictionCountry = 'GB') {
  const d = demo(server.db);
  const person = makePerson(server.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: 'Ștefan Popescu' });
  const kase = makeCase(server.db, {
    contactPointId: d.ldn.id,
    createdBy: d.counsellor.id,
    personId: person.id,
    jurisdictionCountry,
    caseTypes: ['wage_theft'],
    employmentStart: '2025-09-01',
    amountClaimedMinor: 125050,
    currency: jurisdictionCountry === 'GB' ? 'GBP' : 'EUR',
  });
  const employer = server.db.transaction((tx) => insertParty(tx, { name: 'Harbour Kitchens Ltd', kind: 'employer', address: '17 Harbour Street\nLondon E14 9XY', createdAt: server.clock.now(), createdBy: d.counsellor.id }));
  server.db.transaction((tx) => linkPartyToCase(tx, kase.id, employer.id, 'employer'));
  return kase;
}

/** An htmx 422 is logged by Chromium as a failed resource; that is the form answering, not a fault. */
const realErrors = (messages: string[]) => messages.filter((m) => !m.includes('status of 422'));

describe('choosing a letter’s recipient', () => {
  it('a counsellor chooses the inspectorate from the directory; the preview and the stored PDF carry the directory’s address', async () => {
    const kase = londonCase();
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/cases/${kase.id}/letters`);
    // A UK case offers no US letter.
    await expect(page.getByRole('link', { name: /statement of interest/i }).count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Complaint to a labour inspectorate' }).first().click();
    await page.waitForURL(`${server.url}/cases/${kase.id}/letters/new?kind=inspectorate_complaint`);

    // Two UK inspectorates of the directory, each with its address; nothing to type for the recipient.
    const choice = page.locator('#f-recipientPartnerId');
    await expect(choice.getByRole('radio').count()).resolves.toBe(2);
    await expect(page.getByLabel('Organisation').count()).resolves.toBe(0);
    await expect(choice.textContent()).resolves.toContain('4 Demo Street');

    // Generating without a choice says so at the choice.
    await page.getByRole('button', { name: 'Generate and save' }).click();
    await expect(page.locator('#f-recipientPartnerId-error').textContent()).resolves.toBe('Choose the inspectorate the letter goes to.');

    await page.getByRole('radio', { name: /Gangmasters and Labour Abuse Authority/ }).check();
    const previewing = page.waitForResponse((r) => r.url().endsWith(`/cases/${kase.id}/letters/preview`));
    await page.getByRole('button', { name: 'Preview' }).first().click();
    const preview = await previewing;
    expect(preview.status()).toBe(200);
    expect(preview.headers()['content-type']).toBe('application/pdf');
    // The frame shows the PDF in Chromium's viewer; its bytes are read by posting the form as it stands once more.
    const previewBytes = await page.evaluate(async () => {
      const form = document.getElementById('letter-form') as HTMLFormElement;
      const res = await fetch(form.action.replace(/generate$/, 'preview'), { method: 'POST', body: new URLSearchParams(new FormData(form) as unknown as Record<string, string>) });
      return Array.from(new Uint8Array(await res.arrayBuffer()));
    });
    const previewText = flat(await pdfText(Uint8Array.from(previewBytes)));
    expect(previewText).toContain('Gangmasters and Labour Abuse Authority (GLAA) For the attention of Intelligence team 4 Demo Street Nottingham NG1 0AA');

    await page.getByRole('button', { name: 'Generate and save' }).click();
    await page.waitForURL(new RegExp(`/cases/${kase.id}/letters\\?generated=\\d+$`));
    const downloading = page.waitForEvent('download');
    await page.locator('table.doclist tbody tr').first().getByRole('link', { name: /Download PDF/i }).click();
    const bytes = readFileSync((await (await downloading).path())!);
    expect(flat(await pdfText(bytes))).toContain('4 Demo Street Nottingham NG1 0AA');

    // The first page as an image (kept for a person to look at): A4 at 50 dpi is 414 × 585 pixels.
    const dir = mkdtempSync(join(tmpdir(), 'letter-recipient-'));
    writeFileSync(join(dir, 'letter.pdf'), bytes);
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', '-singlefile', join(dir, 'letter.pdf'), join(dir, 'page')]);
    const png = readFileSync(join(dir, 'page.png'));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([414, 585]);

    expect(realErrors(consoleErrors)).toEqual([]);
    await context.close();
  });

  it('the recipient choices have no serious or critical accessibility violations: chosen, refused, fallback, a party without address', async () => {
    const kase = londonCase();
    const ireland = londonCase('IE');
    const d = demo(server.db);
    const noAddress = server.db.transaction((tx) => insertParty(tx, { name: 'Quick Staff Recruitment', kind: 'recruitment_agency', address: null, createdAt: server.clock.now(), createdBy: d.counsellor.id }));
    server.db.transaction((tx) => linkPartyToCase(tx, kase.id, noAddress.id, 'recruitment_agency'));
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await signInAs(page, server.url, 'counsellor@demo.test');
    for (const path of [`/cases/${kase.id}/letters/new?kind=letter_before_claim`, `/cases/${kase.id}/letters/new?kind=inspectorate_complaint`, `/cases/${ireland.id}/letters/new?kind=inspectorate_complaint`]) {
      await page.goto(`${server.url}${path}`);
      expect(await seriousA11yViolations(page), path).toEqual([]);
    }
    await expect(page.getByText('The partner directory has no labour inspectorate with a postal address in Ireland.').count()).resolves.toBe(1);
    // After a refused save (no inspectorate chosen).
    await page.goto(`${server.url}/cases/${kase.id}/letters/new?kind=inspectorate_complaint`);
    await page.getByRole('button', { name: 'Generate and save' }).click();
    await page.locator('#f-recipientPartnerId-error').waitFor();
    expect(await seriousA11yViolations(page), 'refused').toEqual([]);
    await context.close();
  });
});
