import { readFile } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partners } from '../../src/partners/partners.table.js';
import { referrals } from '../../src/referrals/referrals.table.js';
import { launchBrowser, seriousA11yViolations, signInAs, startServer } from '../helpers/browser.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';
import { flat, pdfText } from '../helpers/pdf-text.js';

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let caseId: number;
let jcwiId: number;

const SUMMARY = 'Care home stopped paying her after she asked about her visa; sponsor licence may be revoked.';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const d = demo(server.db);
  const person = makePerson(server.db, {
    contactPointId: d.ldn.id,
    recordedBy: d.counsellor.id,
    name: 'Grace Mensah',
    phone: '+44 7700 900777',
    immigrationStatus: 'work_visa_tied',
    nationality: 'GH',
  });
  caseId = makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id, summary: SUMMARY, caseTypes: ['sponsorship_loss'] }).id;
  jcwiId = server.db.select().from(partners).where(eq(partners.name, 'JCWI – Joint Council for the Welfare of Immigrants')).get()!.id;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('referring a case in a browser', () => {
  it('a counsellor refers a case to JCWI, sharing the minimum, and downloads the letter', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.getByRole('link', { name: 'Referrals', exact: true }).first().waitFor();

    await page.goto(`${server.url}/cases/${caseId}/referrals`);
    await page.getByRole('link', { name: 'Refer to a partner' }).click();
    await page.getByRole('heading', { level: 1, name: /New referral for LDN-/ }).waitFor();

    await page.getByRole('combobox', { name: 'Partner' }).selectOption(String(jcwiId));
    await page.getByLabel('Reason for the referral').fill('Her sponsor is about to lose its licence; she needs regulated immigration advice.');
    await page.getByLabel('What we ask of the partner').fill('Please advise her on switching sponsor before her leave is curtailed.');
    // Nothing is ticked for the counsellor; the line below the boxes says plainly what leaves the union, as they tick.
    for (const name of ['Name', 'Phone or messaging', 'Summary of the case', /Immigration situation/]) await expect(page.getByRole('checkbox', { name }).isChecked()).resolves.toBe(false);
    const leaving = page.locator('#f-sharedFields-leaving');
    await expect(leaving.innerText()).resolves.toBe('Leaves the union when you send: nothing yet — tick what this partner needs.');
    await page.getByRole('checkbox', { name: 'Phone or messaging' }).check();
    await page.getByRole('checkbox', { name: 'Summary of the case' }).check();
    await expect(leaving.innerText()).resolves.toBe('Leaves the union when you send: Phone or messaging, Summary of the case');

    await page.getByRole('button', { name: 'Send referral' }).click();
    await page.waitForURL(/\/referrals\/\d+\?notice=sent$/);
    await page.getByRole('heading', { level: 1, name: 'Referral to JCWI – Joint Council for the Welfare of Immigrants' }).waitFor();
    const partnerView = await page.locator('#partner-view').textContent();
    expect(partnerView).toContain(SUMMARY);
    expect(partnerView).toContain('+44 7700 900777');
    expect(partnerView).not.toContain('Grace Mensah');
    expect(partnerView).not.toContain('Work visa tied to employer');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download referral letter (PDF)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^LDN-\d{4}-\d{5}-referral-letter-v1\.pdf$/);
    const pdf = flat(await pdfText(await readFile((await download.path())!)));
    expect(pdf).toContain('Joint Council for the Welfare of Immigrants');
    expect(pdf).toContain(SUMMARY);
    expect(pdf).toContain('+44 7700 900777');
    expect(pdf).not.toContain('Grace Mensah');
    expect(pdf).not.toContain('Work visa tied');
    expect(pdf).not.toContain('Ghana');

    // The referral is on the case and on the desk's list.
    await page.goto(`${server.url}/referrals`);
    await expect(page.locator('#referral-table').textContent()).resolves.toContain('JCWI');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('the partner, referral and transfer pages have no serious accessibility problems', async () => {
    // axe is injected as a script, which the CSP (rightly) refuses: this context bypasses it for the check only.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await signInAs(page, server.url, 'counsellor@demo.test');
    const referralId = server.db.select({ id: referrals.id }).from(referrals).get()!.id;
    for (const path of ['/partners', `/partners/${jcwiId}`, `/cases/${caseId}/referrals/new`, `/cases/${caseId}/referrals`, '/referrals', `/referrals/${referralId}`, `/cases/${caseId}/transfer`, '/transfers']) {
      await page.goto(`${server.url}${path}`);
      expect(await seriousA11yViolations(page), path).toEqual([]);
    }
    await context.close();
  });
});
