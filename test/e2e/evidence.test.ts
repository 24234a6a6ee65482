import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, seriousA11yViolations, signInAs, startServer } from '../helpers/browser.js';
import { HTML_PAGE, hasGpsTag, payslipPdf, photoWithGps } from '../helpers/evidence-files.js';
import { demo, makeCase } from '../helpers/factories.js';

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

const londonCase = () => {
  const d = demo(server.db);
  return makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id });
};

async function attach(page: Page, category: string, files: { name: string; mimeType: string; buffer: Buffer }[]) {
  const card = page.locator('#case-evidence');
  await card.getByLabel('What the files are evidence of').selectOption({ label: category });
  await card.getByLabel('Files', { exact: true }).setInputFiles(files);
  await card.getByRole('button', { name: 'Attach files' }).click();
}

async function download(page: Page, name: string): Promise<Buffer> {
  const downloading = page.waitForEvent('download');
  await page.locator('#case-evidence').getByRole('link', { name, exact: true }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toBe(name);
  return readFileSync((await file.path())!);
}

describe('evidence files in a browser', () => {
  it('a counsellor attaches a payslip PDF and a photo with GPS, downloads both, and the photo’s location is gone', async () => {
    const kase = londonCase();
    const context = await browser.newContext({ acceptDownloads: true, bypassCSP: true });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/cases/${kase.id}`);
    const card = page.locator('#case-evidence');
    await expect(card.getByText('No files attached yet.').waitFor()).resolves.toBeUndefined();

    const pdf = payslipPdf();
    await attach(page, 'Payslip', [{ name: 'payslip-march.pdf', mimeType: 'application/pdf', buffer: pdf }]);
    await expect(card.getByText('The file was attached.').waitFor()).resolves.toBeUndefined();
    const photo = await photoWithGps();
    expect(hasGpsTag(photo)).toBe(true);
    await attach(page, 'Photo', [{ name: 'room.jpg', mimeType: 'image/jpeg', buffer: photo }]);
    await expect(card.getByRole('link', { name: 'room.jpg', exact: true }).waitFor()).resolves.toBeUndefined();

    const rows = card.locator('table.evidencelist tbody tr');
    await expect(rows.count()).resolves.toBe(2);
    await expect(rows.nth(0).textContent()).resolves.toMatch(/room\.jpg.*Location data removed.*JPEG image.*Photo.*Amira Haddad/s);
    await expect(rows.nth(1).textContent()).resolves.toMatch(/payslip-march\.pdf.*PDF.*Payslip.*Amira Haddad/s);

    expect((await download(page, 'payslip-march.pdf')).equals(pdf)).toBe(true);
    const stored = await download(page, 'room.jpg');
    expect(hasGpsTag(stored)).toBe(false);
    expect((await sharp(stored).metadata()).exif).toBeUndefined();

    await page.goto(`${server.url}/cases/${kase.id}/evidence`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('an HTML file renamed .png is refused, by name, and nothing is attached', async () => {
    const kase = londonCase();
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/cases/${kase.id}/evidence`);
    await attach(page, 'Photo', [{ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from(HTML_PAGE) }]);
    const alert = page.locator('#evidence-refusal');
    await expect(alert.textContent()).resolves.toContain('photo.png is not a type of file that can be attached');
    await expect(page.getByText('No files attached yet.').isVisible()).resolves.toBe(true);
    await context.close();
  });

  it('works without JavaScript: the case page’s plain form attaches the file', async () => {
    const kase = londonCase();
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/cases/${kase.id}`);
    await attach(page, 'Message', [{ name: 'chat.txt', mimeType: 'text/plain', buffer: Buffer.from('You will be paid next month, again.') }]);
    await page.waitForURL(`${server.url}/cases/${kase.id}/evidence?added=1`);
    await expect(page.locator('table.evidencelist').textContent()).resolves.toContain('chat.txt');
    await context.close();
  });

  it('another contact point’s user gets 404 for the file’s address', async () => {
    const kase = londonCase();
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/cases/${kase.id}/evidence`);
    await attach(page, 'Payslip', [{ name: 'payslip.pdf', mimeType: 'application/pdf', buffer: payslipPdf() }]);
    const href = (await page.locator('#case-evidence').getByRole('link', { name: 'payslip.pdf', exact: true }).getAttribute('href'))!;
    await context.close();

    const other = await browser.newContext();
    const theirs = await other.newPage();
    await signInAs(theirs, server.url, 'counsellor2@demo.test');
    const res = await theirs.goto(`${server.url}${href}`);
    expect(res?.status()).toBe(404);
    await expect(theirs.locator('h1').textContent()).resolves.toBe('Page not found');
    await other.close();
  });
});
