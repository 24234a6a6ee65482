import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partners } from '../../src/partners/partners.table.js';
import { createReferral } from '../../src/referrals/referrals.service.js';
import { launchBrowser, seriousA11yViolations, signInAs, startServer } from '../helpers/browser.js';
import { payslipPdf } from '../helpers/evidence-files.js';
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

const JCWI = 'JCWI – Joint Council for the Welfare of Immigrants';

describe('sharing a file with a referral’s partner, in a browser', () => {
  it('a counsellor shares a file, copies the link; the partner opens it signed out and downloads the file', async () => {
    const d = demo(server.db);
    const person = makePerson(server.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, scopes: ['store', 'share_with_partners'] });
    const kase = makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id });
    const partnerId = server.db.select().from(partners).where(eq(partners.name, JCWI)).get()!.id;
    const actor = { id: d.counsellor.id, role: d.counsellor.role, contactPointIds: [d.ldn.id] };
    const sent = await createReferral(server.db, actor, kase.id, { partnerId, reason: 'Immigration advice needed.', request: 'Please advise.', sharedFields: ['caseSummary'], followUpOn: '2099-01-15', intent: 'send' }, null, server.clock.now());
    if (!sent.ok) throw new Error('the referral was not sent');

    // The counsellor's browser: no CSP bypass, so the copy button must work under the app's own policy.
    const context = await browser.newContext({ acceptDownloads: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/cases/${kase.id}`);
    const pdf = payslipPdf();
    const card = page.locator('#case-evidence');
    await card.getByLabel('What the files are evidence of').selectOption({ label: 'Payslip' });
    await card.getByLabel('Files', { exact: true }).setInputFiles([{ name: 'payslip-march.pdf', mimeType: 'application/pdf', buffer: pdf }]);
    await card.getByRole('button', { name: 'Attach files' }).click();
    await card.getByText('The file was attached.').waitFor();

    await page.goto(`${server.url}/referrals/${sent.referral.id}`);
    const sharing = page.locator('#shared-files');
    await sharing.getByText('Share files with the partner').click();
    await sharing.getByText('The files you tick leave the union').waitFor();
    const box = sharing.getByLabel(/payslip-march\.pdf/);
    expect(await box.isChecked()).toBe(false);
    await box.check();
    await sharing.getByRole('button', { name: 'Create the link' }).click();
    await page.getByRole('heading', { name: 'Link for the partner' }).waitFor();

    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toMatch(new RegExp(`^${server.url.replace(/[.]/g, '\\.')}/shared/[A-Za-z0-9_-]{43}$`));
    expect(link).toBe(await page.locator('#link').inputValue());
    expect(consoleErrors).toEqual([]);

    // The partner: a fresh browser context, never signed in.
    // (CSP bypassed only so that axe can be injected; the page itself has no script.)
    const partner = await browser.newContext({ acceptDownloads: true, bypassCSP: true });
    const theirs = await partner.newPage();
    await theirs.goto(link);
    await theirs.getByRole('heading', { name: 'Files shared with you' }).waitFor();
    const text = await theirs.locator('body').innerText();
    expect(text).toContain(kase.reference);
    expect(text).toContain(JCWI);
    expect(await theirs.locator('nav').count()).toBe(0);
    expect(await seriousA11yViolations(theirs)).toEqual([]);
    const downloading = theirs.waitForEvent('download');
    await theirs.getByRole('link', { name: 'payslip-march.pdf' }).click();
    const file = await downloading;
    expect(file.suggestedFilename()).toBe('payslip-march.pdf');
    expect(readFileSync((await file.path())!).equals(pdf)).toBe(true);

    // The referral page counts the download.
    await page.goto(`${server.url}/referrals/${sent.referral.id}`);
    await expect(page.locator('#shared-files tbody tr').first().innerText()).resolves.toMatch(/payslip-march\.pdf[\s\S]*Working\s+1/);

    // The sharing card (list of links, revoke) has no serious accessibility problems; axe needs the CSP bypassed.
    const checker = await browser.newContext({ bypassCSP: true });
    const checking = await checker.newPage();
    await signInAs(checking, server.url, 'counsellor@demo.test');
    await checking.goto(`${server.url}/referrals/${sent.referral.id}`);
    await checking.locator('#shared-files').getByText('Share files with the partner').click();
    expect(await seriousA11yViolations(checking)).toEqual([]);
    await checker.close();
    await partner.close();
    await context.close();
  });
});
