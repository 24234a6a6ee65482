import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, seriousA11yViolations, signInAs, startServer } from '../helpers/browser.js';

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
/** The demo case with the most timeline entries (and an open deadline, a safety flag, an amount claimed). */
let caseId: number;
let entries: number;

beforeAll(async () => {
  server = await startServer({}, { seed: 'demo' });
  browser = await launchBrowser();
  const row = server.db.$client
    .prepare(
      `select c.id, count(*) as n from cases c join case_events e on e.case_id = c.id
       where exists (select 1 from deadlines d where d.case_id = c.id and d.status = 'open')
       group by c.id order by n desc, c.id limit 1`,
    )
    .get() as { id: number; n: number };
  caseId = row.id;
  entries = row.n;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

/** A signed-in page; bypassCSP because axe is injected as a script tag, which the CSP would refuse. */
async function pageAs(email: string, viewport: { width: number; height: number }, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport, bypassCSP: true, ...options });
  const page = await context.newPage();
  await signInAs(page, server.url, email);
  return page;
}

/** Where an element is in the window (CSS pixels), rounded. */
async function box(page: Page, selector: string) {
  const b = await page.locator(selector).first().boundingBox();
  if (!b) throw new Error(`${selector} is not shown`);
  return { top: Math.round(b.y), bottom: Math.round(b.y + b.height), height: Math.round(b.height) };
}

/** The sections htmx loads into the case page are there (so that axe and the measurements see the page as a user does). */
async function sectionsLoaded(page: Page) {
  await page.locator('#case-deadlines h2#case-deadlines-h').waitFor();
  await page.locator('#case-referrals h2').waitFor();
  await page.locator('#case-transfer h2').waitFor();
}

describe('the case page at 1280 x 800', () => {
  it('shows the summary, the next deadline and the latest three timeline entries without scrolling', async () => {
    expect(entries).toBeGreaterThanOrEqual(10);
    const page = await pageAs('counsellor@demo.test', DESKTOP);
    await page.goto(`${server.url}/cases/${caseId}`);
    await sectionsLoaded(page);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await expect(page.locator('#timeline-list > li').count()).resolves.toBeGreaterThanOrEqual(10);
    const shown = {
      summary: await box(page, '#case-summary'),
      next: await box(page, '#next-deadline'),
      latest: [await box(page, '#timeline-list > li:nth-child(1)'), await box(page, '#timeline-list > li:nth-child(2)'), await box(page, '#timeline-list > li:nth-child(3)')],
      quickAdd: await box(page, '#entry-form textarea'),
    };
    for (const b of [shown.summary, shown.next, ...shown.latest, shown.quickAdd]) {
      expect(b.top, JSON.stringify(shown)).toBeGreaterThanOrEqual(0);
      expect(b.bottom, JSON.stringify(shown)).toBeLessThanOrEqual(DESKTOP.height);
    }
    // What the summary says: the safety flag, the next deadline with its date, the person and the counsellor.
    const summary = page.locator('#case-summary');
    await expect(summary.locator('.safety').isVisible()).resolves.toBe(true);
    await expect(summary.locator('#next-deadline time').getAttribute('datetime')).resolves.toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await expect(summary.textContent()).resolves.toContain('Assigned to');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('reaches every section from the contents, and the header navigation stays out of the way (no menu button)', async () => {
    const page = await pageAs('supervisor@demo.test', DESKTOP);
    await page.goto(`${server.url}/cases/${caseId}`);
    await sectionsLoaded(page);
    await expect(page.locator('.menu > summary').isVisible()).resolves.toBe(false);
    await expect(page.locator('.mainnav a[href="/cases"]').isVisible()).resolves.toBe(true);
    const toc = page.getByRole('navigation', { name: 'On this page' });
    for (const [name, id] of [
      ['Deadlines', 'case-deadlines'],
      ['Referrals', 'case-referrals'],
      ['Details', 'case-details'],
    ] as const) {
      await toc.getByRole('link', { name, exact: true }).click();
      await page.waitForFunction((h) => location.hash === h, `#${id}`);
      const b = await box(page, `#${id}`);
      expect(b.top, name).toBeGreaterThanOrEqual(0);
      expect(b.top, name).toBeLessThan(DESKTOP.height / 2);
    }
    // The lazy section is the loaded one, not its placeholder.
    await expect(page.locator('#case-deadlines h2').textContent()).resolves.toBe('Deadlines');
    await page.context().close();
  });
});

describe('the case page without JavaScript', () => {
  it('goes to a section from the contents with a plain anchor', async () => {
    const page = await pageAs('counsellor@demo.test', DESKTOP, { javaScriptEnabled: false });
    await page.goto(`${server.url}/cases/${caseId}`);
    await page.getByRole('navigation', { name: 'On this page' }).getByRole('link', { name: 'Deadlines', exact: true }).click();
    await page.waitForURL(`${server.url}/cases/${caseId}#case-deadlines`);
    const b = await box(page, '#case-deadlines');
    expect(b.top).toBeGreaterThanOrEqual(0);
    expect(b.top).toBeLessThan(DESKTOP.height / 2);
    // The placeholder's link opens the deadlines as a page of their own.
    await expect(page.locator('#case-deadlines a').getAttribute('href')).resolves.toBe(`/cases/${caseId}/deadlines`);
    await page.context().close();
  });
});

describe('the case page on a 390 px phone', () => {
  it('has a one-line header whose menu opens without JavaScript, and no serious accessibility violation, menu closed or open', async () => {
    for (const javaScriptEnabled of [true, false]) {
      const page = await pageAs('counsellor@demo.test', PHONE, { javaScriptEnabled });
      await page.goto(`${server.url}/cases/${caseId}`);
      if (javaScriptEnabled) await sectionsLoaded(page);
      const header = await box(page, '.topbar');
      expect(header.height).toBeLessThanOrEqual(56);
      const menu = page.locator('.menu > summary');
      await expect(menu.textContent()).resolves.toBe('Menu');
      await expect(page.locator('.mainnav a[href="/cases"]').isVisible()).resolves.toBe(false);
      // The summary, then the timeline: the next deadline is in the first screen.
      expect((await box(page, '#next-deadline')).bottom).toBeLessThanOrEqual(PHONE.height);
      if (javaScriptEnabled) expect(await seriousA11yViolations(page)).toEqual([]);

      await menu.click();
      const cases = page.locator('.mainnav a[href="/cases"]');
      await expect(cases.isVisible()).resolves.toBe(true);
      await expect(cases.getAttribute('aria-current')).resolves.toBe('page');
      await expect(page.locator('.topbar a[href="/account"]').isVisible()).resolves.toBe(true);
      await expect(page.getByRole('button', { name: 'Sign out' }).isVisible()).resolves.toBe(true);
      // The open menu lies over the page: the header itself stays one line.
      expect((await box(page, '.topbar')).height).toBe(header.height);
      expect(await page.evaluate(() => document.scrollingElement!.scrollWidth <= document.scrollingElement!.clientWidth)).toBe(true);
      if (javaScriptEnabled) expect(await seriousA11yViolations(page)).toEqual([]);
      await page.context().close();
    }
  });
});

/** Whether the page, or any table on it, scrolls sideways; and how the first row of a stacking table is shown. */
async function sideways(page: Page) {
  return page.evaluate(() => {
    const doc = document.scrollingElement!;
    const wraps = Array.from(document.querySelectorAll<HTMLElement>('.table-wrap')).filter((w) => w.querySelector('.table--stack'));
    const row = document.querySelector('.table--stack tbody tr');
    const cell = row?.querySelector('td[data-label]');
    return {
      page: doc.scrollWidth - doc.clientWidth,
      tables: wraps.map((w) => w.scrollWidth - w.clientWidth),
      rowDisplay: row ? getComputedStyle(row).display : null,
      label: cell ? getComputedStyle(cell, '::before').content : null,
      labelAttr: cell?.getAttribute('data-label') ?? null,
    };
  });
}

describe('tables on a 390 px phone', () => {
  it.each([
    ['counsellor@demo.test', '/cases'],
    ['counsellor@demo.test', '/deadlines?status=open&when=all'],
    ['counsellor@demo.test', '/referrals'],
    ['supervisor@demo.test', '/supervision'],
    ['counsellor@demo.test', 'letters'],
  ])('%s %s: rows are stacked cards, each value with its column name, and nothing scrolls sideways', async (email, path) => {
    const page = await pageAs(email, PHONE);
    await page.goto(`${server.url}${path === 'letters' ? `/cases/${caseId}/letters` : path}`);
    const shape = await sideways(page);
    expect(shape.tables.length, path).toBeGreaterThan(0);
    expect(shape.page).toBeLessThanOrEqual(0);
    for (const extra of shape.tables) expect(extra, path).toBeLessThanOrEqual(0);
    expect(shape.rowDisplay).toBe('block');
    expect(shape.labelAttr).toBeTruthy();
    expect(shape.label).toBe(JSON.stringify(shape.labelAttr));
    await page.context().close();
  });

  it('keeps them tables on a wide screen', async () => {
    const page = await pageAs('counsellor@demo.test', DESKTOP);
    await page.goto(`${server.url}/cases`);
    const shape = await sideways(page);
    expect(shape.rowDisplay).toBe('table-row');
    expect(shape.label).toBe('none');
    await page.context().close();
  });
});
