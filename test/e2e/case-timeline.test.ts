import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { appendEvent } from '../../src/cases/cases.service.js';
import { launchBrowser, seriousA11yViolations, signInAs, startServer } from '../helpers/browser.js';
import { demo, makeCase } from '../helpers/factories.js';

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let caseId: number;
const ENTRIES = 230;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const d = demo(server.db);
  const start = server.clock.now() - ENTRIES * 60_000;
  caseId = makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id }, start).id;
  server.db.transaction((tx) => {
    for (let i = 1; i < ENTRIES; i++)
      appendEvent(tx, { caseId, userId: i % 2 ? d.counsellor.id : d.supervisor.id, kind: (['note', 'call', 'meeting'] as const)[i % 3]!, body: `Entry #${i}.`, restricted: i % 10 === 3 }, start + i * 60_000);
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the timeline of a long case in a browser', () => {
  it('loads older entries in place, twice, with the focus on the first new entry and no serious accessibility violation', async () => {
    // bypassCSP: axe is injected as a script tag, which the CSP would refuse.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await signInAs(page, server.url, 'supervisor@demo.test');
    await page.goto(`${server.url}/cases/${caseId}`);
    const entries = page.locator('#timeline-list > li');
    await expect(entries.count()).resolves.toBe(50);
    await expect(entries.first().textContent()).resolves.toContain('Entry #229.');
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    const requests: string[] = [];
    page.on('request', (r) => requests.push(`${r.resourceType()} ${new URL(r.url()).pathname} ${r.headers()['hx-request'] ?? ''}`));

    for (const [shown, firstNew] of [
      [100, 'Entry #179.'],
      [150, 'Entry #129.'],
    ] as const) {
      const more = page.getByRole('link', { name: 'Show older entries' });
      await expect(more.count()).resolves.toBe(1);
      await more.click();
      await page.waitForFunction((n) => document.querySelectorAll('#timeline-list > li').length === n, shown);
      await expect(entries.nth(shown - 50).textContent()).resolves.toContain(firstNew);
      // Focus on the first entry appended, so reading goes on from there; Tab reaches the next control.
      await page.waitForFunction(() => document.activeElement?.matches('#timeline-list > li[autofocus]') ?? false);
      expect(await page.evaluate(() => document.activeElement!.textContent)).toContain(firstNew);
      await page.keyboard.press('Tab');
      await expect(page.evaluate(() => document.activeElement!.textContent?.trim())).resolves.toBe('Show older entries');
    }
    await expect(page.locator('.timeline__more').textContent()).resolves.toContain('80 older entries');
    // In place: no page load, only the two htmx requests for older entries.
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    expect(requests.filter((r) => r.startsWith('document '))).toEqual([]);
    expect(requests.filter((r) => r.includes('/timeline'))).toEqual([`xhr /cases/${caseId}/timeline true`, `xhr /cases/${caseId}/timeline true`]);
    const ids = await entries.evaluateAll((els) => els.map((e) => e.id));
    expect(new Set(ids).size).toBe(150);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
    // The older entries as a page of their own (what the link opens without JavaScript).
    await page.goto(`${server.url}${await page.getByRole('link', { name: 'Show older entries' }).getAttribute('href')}`);
    await expect(page.locator('#timeline-list > li').count()).resolves.toBe(50);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });

  it('works without JavaScript: the link opens the older entries as a page, with its own older link', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/cases/${caseId}`);
    await page.getByRole('link', { name: 'Show older entries' }).click();
    await page.waitForURL(new RegExp(`/cases/${caseId}/timeline\\?before=\\d+-\\d+$`));
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/^Older timeline entries of LDN-/);
    await expect(page.locator('#timeline-list > li').count()).resolves.toBe(50);
    await expect(page.getByRole('link', { name: 'Show older entries' }).count()).resolves.toBe(1);
    await page.getByRole('link', { name: 'Back to the latest entries' }).click();
    await page.waitForURL(`${server.url}/cases/${caseId}#timeline`);
    await context.close();
  });
});
