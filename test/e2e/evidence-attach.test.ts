import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, seriousA11yViolations, signInAs, startServer } from '../helpers/browser.js';
import { photoWithGps } from '../helpers/evidence-files.js';
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

describe('files attached to a timeline entry, in a browser', () => {
  it('a counsellor adds a note with a photo from the case page and sees the attachment and its thumbnail', async () => {
    const d = demo(server.db);
    const kase = makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id });
    // bypassCSP: only so that axe-core can be injected for the accessibility check at the end.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/cases/${kase.id}`);
    await page.locator('#case-evidence').getByText('No files attached yet.').waitFor();

    const form = page.locator('#entry-form');
    await form.getByLabel('Note, or what was said in the call or meeting').fill('Photo of the bunk room the agency rents to six workers.');
    await form.getByText('Attach files to this entry').click();
    await form.getByLabel('What the files are evidence of').selectOption({ label: 'Photo' });
    await form.getByLabel('Files', { exact: true }).setInputFiles([{ name: 'bunk-room.jpg', mimeType: 'image/jpeg', buffer: await photoWithGps() }]);
    await form.getByRole('button', { name: 'Add to timeline' }).click();

    // htmx: the entry at the top of the timeline, with its attachment and the thumbnail loaded from the server.
    const entry = page.locator('#timeline-list > li').first();
    await entry.getByText('Amira Haddad added a note').waitFor();
    await expect(entry.textContent()).resolves.toContain('Photo of the bunk room the agency rents to six workers.');
    const link = entry.getByRole('link', { name: 'bunk-room.jpg', exact: true });
    await link.waitFor();
    const thumb = entry.locator('img.thumb');
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    expect(await thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeLessThanOrEqual(160);
    await expect(form.getByLabel('Note, or what was said in the call or meeting').inputValue()).resolves.toBe('');

    // The documents list, reloaded out of band, lists the photo as attached to the entry, with its thumbnail.
    const card = page.locator('#case-evidence');
    const row = card.locator('table.evidencelist tbody tr').first();
    await row.getByRole('link', { name: 'bunk-room.jpg', exact: true }).waitFor();
    await expect(row.textContent()).resolves.toMatch(/Attached to the entry of 24 Nov 2026.*Location data removed.*JPEG image.*Photo.*Amira Haddad/s);
    // The card is below the timeline (issue 16) and its thumbnails load lazily: they come as the user scrolls to them.
    await row.scrollIntoViewIfNeeded();
    await expect.poll(() => row.locator('img.thumb').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);

    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
