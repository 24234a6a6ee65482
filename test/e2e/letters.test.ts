import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { insertParty, linkPartyToCase } from '../../src/parties/parties.repo.js';
import { launchBrowser, seriousA11yViolations, signInAs, startServer } from '../helpers/browser.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';

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

function wageCase() {
  const d = demo(server.db);
  const person = makePerson(server.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: 'Ștefan Popescu' });
  const kase = makeCase(server.db, {
    contactPointId: d.ldn.id,
    createdBy: d.counsellor.id,
    personId: person.id,
    employmentStart: '2025-09-01',
    amountClaimedMinor: 125050,
    currency: 'GBP',
  });
  const employer = server.db.transaction((tx) => insertParty(tx, { name: 'Harbour Kitchens Ltd', kind: 'employer', address: '17 Harbour Street\nLondon E14 9XY', createdAt: server.clock.now(), createdBy: d.counsellor.id }));
  server.db.transaction((tx) => linkPartyToCase(tx, kase.id, employer.id, 'employer'));
  return kase;
}

describe('letters in a browser', () => {
  it('a counsellor previews a letter before claim in the frame, generates it, and downloads the PDF from the list', async () => {
    const kase = wageCase();
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await signInAs(page, server.url, 'counsellor@demo.test');

    await page.goto(`${server.url}/cases/${kase.id}/letters`);
    await page.getByRole('link', { name: 'Letter before claim' }).first().click();
    await page.waitForURL(`${server.url}/cases/${kase.id}/letters/new?kind=letter_before_claim`);
    // The employer is the case's party, chosen already (the only one), shown with its registered address.
    await expect(page.getByRole('radio', { name: /Harbour Kitchens Ltd/ }).isChecked()).resolves.toBe(true);
    await expect(page.locator('#f-employerPartyId').textContent()).resolves.toContain('17 Harbour Street');
    await expect(page.getByLabel('Amount (line 1)').inputValue()).resolves.toBe('1250.50');

    await page.getByLabel('Job title').fill('line cook');
    await page.getByLabel('Place of work').fill('Harbour Kitchens, London E14');
    await page.getByLabel('Pay agreed').fill('£12.21 an hour, paid weekly');
    // More lines for the amounts, added by static/js/letters.js.
    await page.locator('#f-items').getByRole('button', { name: 'Add a line' }).click();
    await expect(page.locator('#f-items tbody tr').count()).resolves.toBe(4);
    await page.getByLabel('Description (line 4)').fill('Holiday pay');
    await page.getByLabel('Amount (line 4)').fill('300');

    // Preview: the PDF itself, shown in the form's frame; nothing is saved.
    const preview = page.waitForResponse((r) => r.url().endsWith(`/cases/${kase.id}/letters/preview`));
    await page.getByRole('button', { name: 'Preview' }).first().click();
    const response = await preview;
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    expect(response.frame().name()).toBe('letter-preview');
    // The frame's document is the PDF (Chromium's viewer shows it).
    const frame = page.frame({ name: 'letter-preview' })!;
    await frame.waitForLoadState();
    // Chromium's PDF viewer may replace the frame's context once while it starts: ask again until it answers.
    await expect.poll(() => frame.evaluate(() => document.contentType).catch(() => null), { timeout: 15_000 }).toBe('application/pdf');
    expect(page.url()).toBe(`${server.url}/cases/${kase.id}/letters/new?kind=letter_before_claim`);

    await page.getByRole('button', { name: 'Generate and save' }).click();
    await page.waitForURL(new RegExp(`/cases/${kase.id}/letters\\?generated=\\d+$`));
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Version 1 of the letter before claim is saved.');
    const row = page.locator('table.doclist tbody tr').first();
    await expect(row.textContent()).resolves.toContain('Letter before claim');

    const downloading = page.waitForEvent('download');
    await row.getByRole('link', { name: /Download PDF \(letter before claim, version 1\)/i }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`${kase.reference}-letter-before-claim-v1.pdf`);
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');

    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('choosing another language reloads the form in it, asking first once something was typed', async () => {
    const kase = wageCase();
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/cases/${kase.id}/letters/new?kind=worker_summary`);
    await expect(page.getByLabel('Written in').inputValue()).resolves.toBe('en');
    await page.locator('#f-summary').fill('Typed by the counsellor');

    // Declined: the language and the typed text stay as they were.
    page.once('dialog', (dialog) => void dialog.dismiss());
    await page.getByLabel('Written in').selectOption('fr');
    await expect(page.getByLabel('Written in').inputValue()).resolves.toBe('en');
    await expect(page.locator('#f-summary').inputValue()).resolves.toBe('Typed by the counsellor');
    expect(page.url()).toBe(`${server.url}/cases/${kase.id}/letters/new?kind=worker_summary`);

    // Accepted: the form reloads in French, its urgent help in French.
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.accept();
    });
    await page.getByLabel('Written in').selectOption('fr');
    await page.waitForURL(`${server.url}/cases/${kase.id}/letters/new?kind=worker_summary&language=fr`);
    expect(asked).toContain('what you have typed here is replaced');
    await expect(page.getByLabel('Written in').inputValue()).resolves.toBe('fr');
    await expect(page.locator('#f-urgentHelp').inputValue()).resolves.toContain('Urgences (police, pompiers, ambulance) : 999');
    await context.close();
  });

  it('the letter form and the documents list have no serious or critical accessibility violations', async () => {
    const kase = wageCase();
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await signInAs(page, server.url, 'counsellor@demo.test');
    for (const path of [`/cases/${kase.id}/letters/new?kind=letter_before_claim`, `/cases/${kase.id}/letters/new?kind=letter_before_claim&language=de`, `/cases/${kase.id}/letters/new?kind=inspectorate_complaint`, `/cases/${kase.id}/letters/new?kind=worker_summary`, `/cases/${kase.id}/letters`]) {
      await page.goto(`${server.url}${path}`);
      expect(await seriousA11yViolations(page), path).toEqual([]);
    }
    await context.close();
    const adminContext = await browser.newContext({ bypassCSP: true });
    const admin = await adminContext.newPage();
    await signInAs(admin, server.url, 'admin@demo.test');
    for (const path of ['/admin/translations', '/admin/translations/fr']) {
      await admin.goto(`${server.url}${path}`);
      expect(await seriousA11yViolations(admin), path).toEqual([]);
    }
    await adminContext.close();
  });
});
