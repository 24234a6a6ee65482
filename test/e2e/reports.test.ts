import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, seriousA11yViolations, signInAs, startServer } from '../helpers/browser.js';

const SHOTS = '/tmp/shots-reports';

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  // The demo data: the 60 demo cases, as `npm run demo` shows them.
  server = await startServer({}, { seed: 'demo' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openReports(width: number, height: number, email = 'supervisor@demo.test') {
  // axe is injected as an inline script: the page's CSP would refuse it.
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true, bypassCSP: true });
  const page = await context.newPage();
  const errors: string[] = [];
  // An htmx 422 is reported by Chromium as a failed load; anything else is a fault.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('status of 422')) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await signInAs(page, server.url, email);
  await page.goto(`${server.url}/reports`);
  return { context, page, errors };
}

const keyFigure = (page: Page, name: string) => page.locator('.report-keys .stats > div').filter({ has: page.getByText(name, { exact: true }) }).locator('dd').first();

describe('the reports dashboard', () => {
  it('fits two screens at 1280×800, key figures first, and passes axe at 1280 and 390 px', async () => {
    const { context, page, errors } = await openReports(1280, 800);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height).toBeLessThanOrEqual(1600);
    // The key figures stand in the first screen, above the first chart.
    const keys = await page.locator('.report-keys').boundingBox();
    const chart = await page.locator('figure.column-chart').boundingBox();
    expect(keys!.y + keys!.height).toBeLessThanOrEqual(800);
    expect(keys!.y).toBeLessThan(chart!.y);
    await expect.poll(() => keyFigure(page, 'Cases opened').textContent()).toMatch(/^\d+$|<5/);
    expect(await page.locator('svg[role="img"] > title').count()).toBeGreaterThanOrEqual(4);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/reports-1280.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/reports-390.png`, fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('opens a chart’s data table from its disclosure', async () => {
    const { context, page } = await openReports(1280, 800);
    const months = page.locator('#table-months');
    const table = months.locator('table');
    await expect.poll(() => table.isVisible()).toBe(false);
    await months.getByText('Show the figures as a table').click();
    await expect.poll(() => table.isVisible()).toBe(true);
    expect(await table.locator('tbody tr').count()).toBe(12);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });

  it('changes the figures and the URL when filtered, without reloading the page; a bad period is told at its field', async () => {
    const { context, page, errors } = await openReports(1280, 800);
    const before = await keyFigure(page, 'Cases opened').textContent();
    // A mark on the window survives an htmx swap, not a page load.
    await page.evaluate(() => ((window as unknown as { mark: number }).mark = 1));
    const from = await page.locator('#f-from').inputValue();
    const to = await page.locator('#f-to').inputValue();
    // The last month alone.
    const lastMonth = `${to.slice(0, 7)}-01`;
    await page.locator('#f-from').fill(lastMonth);
    await page.getByRole('button', { name: 'Show figures' }).click();
    await page.waitForURL((u) => u.searchParams.get('from') === lastMonth);
    expect(new URL(page.url()).searchParams.get('to')).toBe(to);
    await expect.poll(() => page.locator('.report-keys .report__head p').textContent()).not.toContain(String(Number(from.slice(0, 4))) + ' to');
    const after = await keyFigure(page, 'Cases opened').textContent();
    expect(after).not.toBe(before);
    expect(await page.locator('#table-months tbody tr').count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { mark?: number }).mark)).toBe(1);
    // The links carry the filter too.
    expect(await page.locator('#table-sectors a', { hasText: 'CSV' }).getAttribute('href')).toContain(`from=${lastMonth}`);

    // Backwards: the message at the field, the typed values kept, no figures.
    await page.locator('#f-to').fill('2020-01-01');
    await page.getByRole('button', { name: 'Show figures' }).click();
    await page.locator('#f-to-error').waitFor();
    expect(await page.locator('#f-to-error').textContent()).toContain('The end of the period is before its start.');
    expect(await page.locator('#f-to').inputValue()).toBe('2020-01-01');
    expect(await page.locator('#table-sectors').count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('submits the filter as a page without JavaScript', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await signInAs(page, server.url, 'coordinator@demo.test');
    await page.goto(`${server.url}/reports`);
    // The second contact point of the list (the first choice is "all").
    await page.locator('#f-cp').selectOption({ index: 2 });
    await page.getByRole('button', { name: 'Show figures' }).click();
    await page.waitForURL((u) => (u.searchParams.get('cp') ?? '') !== '');
    expect(await page.locator('#table-sectors').count()).toBe(1);
    await context.close();
  });

  it('downloads the CSV, the SVG and the PNG of a chart with the period in their names', async () => {
    const { context, page } = await openReports(1280, 800);
    const from = await page.locator('#f-from').inputValue();
    const to = await page.locator('#f-to').inputValue();
    const section = page.locator('#table-sectors');
    for (const [link, ext, check] of [
      ['CSV', 'csv', (b: Buffer) => expect(b.toString('utf8')).toMatch(/^\uFEFFSector,Cases opened,Cases opened suppressed\r\n/)],
      ['SVG', 'svg', (b: Buffer) => expect(b.toString('utf8')).toMatch(/^<\?xml[^>]*>\s*<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/)],
      ['PNG', 'png', (b: Buffer) => expect(b.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a')],
    ] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), section.getByRole('link', { name: new RegExp(`^${link}`) }).click()]);
      expect(download.suggestedFilename()).toBe(`uniondesk-sectors-${from}-to-${to}.${ext}`);
      check(await readFile((await download.path())!));
    }
    const types = await Promise.all(['sectors.csv', 'charts/sectors.svg', 'charts/months.png'].map(async (f) => (await page.request.get(`${server.url}/reports/${f}`)).headers()['content-type']));
    expect(types).toEqual(['text/csv; charset=utf-8', 'image/svg+xml; charset=utf-8', 'image/png']);
    await context.close();
  });
});
