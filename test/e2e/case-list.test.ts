import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { demo, makeCase } from '../helpers/factories.js';
import { launchBrowser, seriousA11yViolations, signInAs, startServer } from '../helpers/browser.js';

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let refs: { open: string; closed: string; intake: string; chicago: string };

beforeAll(async () => {
  server = await startServer();
  const d = demo(server.db);
  const party = (name: string) => [{ name, kind: 'employer' as const }];
  refs = {
    open: makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, status: 'open', parties: party('Quokka Care Homes Ltd') }).reference,
    closed: makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, status: 'closed', parties: party('Quokka Hotels Ltd') }).reference,
    intake: makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, status: 'intake', parties: party('Quokka Cleaning Ltd') }).reference,
    chicago: makeCase(server.db, { contactPointId: d.chi.id, createdBy: d.counsellor2.id, status: 'open', parties: party('Quokka Chicago LLC') }).reference,
  };
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const listedRefs = (page: Page) => page.locator('#case-list tbody tr td:first-child a').allTextContents();

describe('the case list in a browser', () => {
  it('filters live as the counsellor types and picks a status, without loading a new page, and the URL follows', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/cases`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Cases');
    let loads = 0;
    page.on('load', () => (loads += 1));
    // A marker on window survives only if the page is never reloaded.
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same page'));

    await page.getByLabel('Search', { exact: true }).pressSequentially('Quokka', { delay: 40 });
    await page.waitForURL(`${server.url}/cases?q=Quokka`);
    await expect.poll(() => listedRefs(page).then((r) => r.sort())).toEqual([refs.open, refs.closed, refs.intake].sort());
    await expect(page.locator('#case-count').textContent()).resolves.toContain('3 cases');

    await page.getByLabel('Status').selectOption('open');
    await page.waitForURL(`${server.url}/cases?q=Quokka&status=open`);
    await expect.poll(() => listedRefs(page)).toEqual([refs.open]);

    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same page');
    expect(loads).toBe(0);

    // The back button shows the previous filter again.
    await page.goBack();
    await page.waitForURL(`${server.url}/cases?q=Quokka`);
    await expect.poll(() => listedRefs(page).then((r) => r.sort())).toEqual([refs.open, refs.closed, refs.intake].sort());
    await expect(page.getByLabel('Status').inputValue()).resolves.toBe('');

    // The bookmarked address shows the same list.
    await page.goto(`${server.url}/cases?q=Quokka&status=open`);
    expect(await listedRefs(page)).toEqual([refs.open]);
    await expect(page.getByLabel('Search', { exact: true }).inputValue()).resolves.toBe('Quokka');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('works as a plain form without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/cases`);
    await page.getByLabel('Search', { exact: true }).fill('Quokka');
    await page.getByLabel('Status').selectOption('intake');
    await page.getByRole('button', { name: 'Show cases' }).click();
    await page.waitForURL(/\/cases\?q=Quokka&status=intake/);
    expect(await listedRefs(page)).toEqual([refs.intake]);
    expect(await page.content()).not.toContain(refs.chicago);
    await context.close();
  });

  it('has no serious or critical accessibility violations', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/cases`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.goto(`${server.url}/cases?status=evil`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });

  it('on a phone the filters fold behind one line, so that the cases come on the first screen; a set filter keeps them open', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
    const page = await context.newPage();
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/cases`);
    await expect(page.locator('#f-status').isVisible()).resolves.toBe(false);
    const firstRow = await page.locator('#case-list tbody tr').first().boundingBox();
    expect(firstRow!.y).toBeLessThan(844);
    await page.getByText('Filters and order').click();
    await page.locator('#f-status').selectOption('intake');
    await expect.poll(() => listedRefs(page)).toEqual([refs.intake]);
    expect(await seriousA11yViolations(page)).toEqual([]);
    // Come back to the filtered list: the disclosure is open, showing what filters it.
    await page.goto(`${server.url}/cases?status=intake`);
    await expect(page.locator('#f-status').isVisible()).resolves.toBe(true);
    // A wide screen shows the filters without a click.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${server.url}/cases`);
    await expect(page.locator('#f-status').isVisible()).resolves.toBe(true);
    await expect(page.getByText('Filters and order').isVisible()).resolves.toBe(false);
    await context.close();
  });
});
