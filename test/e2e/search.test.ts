import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, seriousA11yViolations, signInAs, startServer } from '../helpers/browser.js';

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
const SHOTS = process.env.SEARCH_SHOTS;

beforeAll(async () => {
  server = await startServer({}, { seed: 'demo' });
  browser = await launchBrowser();
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const one = <T>(sql: string, ...params: unknown[]) => server.db.$client.prepare(sql).get(...params) as T;

/** A London demo worker with a name, a phone and a case, as the header search should find them. */
const londonWorker = () =>
  one<{ id: number; name: string; phone: string }>(
    `select p.id, p.name, p.phone from people p join contact_points cp on cp.id = p.contact_point_id
     where cp.ref_prefix = 'LDN' and p.name is not null and p.phone is not null and p.anonymised_at is null
       and exists (select 1 from cases c where c.person_id = p.id and c.anonymised_at is null)
     order by p.id limit 1`,
  );

const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png` });
};

describe('the header search box in a browser', () => {
  it('shows grouped results as the counsellor types; the arrows move through them, Enter opens one, Escape closes', async () => {
    const worker = londonWorker();
    const surname = worker.name.split(' ').at(-1)!;
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 390, height: 844 },
    ]) {
      // bypassCSP lets axe's script in; the next test runs under the real policy.
      const context = await browser.newContext({ viewport, bypassCSP: true });
      const page = await context.newPage();
      const consoleErrors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') consoleErrors.push(m.text());
      });
      await signInAs(page, server.url, 'counsellor@demo.test');
      // On a phone the box is in the header's menu, with the navigation.
      if (viewport.width < 721) await page.locator('summary.menu__toggle').click();
      const box = page.getByRole('combobox', { name: 'Search people, cases and parties' });
      await expect(box.getAttribute('aria-expanded')).resolves.toBe('false');
      await box.pressSequentially(surname, { delay: 20 });
      const listbox = page.getByRole('listbox', { name: 'Search results' });
      const person = listbox.getByRole('option', { name: new RegExp(worker.name) });
      await person.first().waitFor();
      await expect(box.getAttribute('aria-expanded')).resolves.toBe('true');
      await expect(listbox.getByRole('group', { name: 'People' }).count()).resolves.toBe(1);
      await expect(listbox.getByRole('group', { name: 'Cases' }).count()).resolves.toBe(1);

      // ArrowDown picks the first option, ArrowUp from there wraps to the last, ArrowDown comes back.
      await box.press('ArrowDown');
      const first = page.locator('#search-box-listbox [role="option"]').first();
      const firstId = await first.getAttribute('id');
      await expect(box.getAttribute('aria-activedescendant')).resolves.toBe(firstId);
      await expect(first.getAttribute('aria-selected')).resolves.toBe('true');
      await box.press('ArrowUp');
      await expect(box.getAttribute('aria-activedescendant')).resolves.not.toBe(firstId);
      await box.press('ArrowDown');
      await expect(box.getAttribute('aria-activedescendant')).resolves.toBe(firstId);
      await expect(page.locator('#search-box-popup').isVisible()).resolves.toBe(true);
      await shot(page, `listbox-${viewport.width}`);
      expect(await seriousA11yViolations(page)).toEqual([]);

      // Escape closes the list and keeps what was typed; ArrowDown opens it again.
      await box.press('Escape');
      await expect(box.getAttribute('aria-expanded')).resolves.toBe('false');
      await expect(page.locator('#search-box-popup').isVisible()).resolves.toBe(false);
      await expect(box.inputValue()).resolves.toBe(surname);
      await box.press('ArrowDown');
      await expect(box.getAttribute('aria-expanded')).resolves.toBe('true');

      // The first option is the worker (people come first); Enter opens their record.
      await expect(first.getAttribute('data-href')).resolves.toBe(`/people/${worker.id}`);
      await box.press('Enter');
      await page.waitForURL(`${server.url}/people/${worker.id}`);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(worker.name);
      expect(consoleErrors).toEqual([]);
      await context.close();
    }
  });

  it('finds a worker by phone typed another way, and says so when nothing matches', async () => {
    const worker = londonWorker();
    const digits = worker.phone.replace(/\D/g, '');
    // Typed the other way round: a national number as international, an international one as national.
    const typed = worker.phone.trim().startsWith('+') ? `0${digits.slice(2)}` : `+44 ${digits.replace(/^0/, '')}`;
    const context = await browser.newContext();
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await signInAs(page, server.url, 'counsellor@demo.test');
    const box = page.getByRole('combobox', { name: 'Search people, cases and parties' });
    await box.fill(typed);
    await page.locator(`#search-box-listbox [role="option"][data-href="/people/${worker.id}"]`).waitFor();
    await box.fill('Xylophonequark');
    await page.getByText('Nothing found for “Xylophonequark”.').waitFor();
    await expect(box.getAttribute('aria-expanded')).resolves.toBe('false');
    // Under the real Content-Security-Policy: nothing refused (search-box.js and htmx are files of our own).
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('without JavaScript the box is a form that gives the results page', async () => {
    const worker = londonWorker();
    const surname = worker.name.split(' ').at(-1)!;
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 390, height: 844 },
    ]) {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport });
      const page = await context.newPage();
      await signInAs(page, server.url, 'counsellor@demo.test');
      // The menu is a <details>: it opens without JavaScript.
      if (viewport.width < 721) await page.locator('summary.menu__toggle').click();
      const box = page.getByRole('combobox', { name: 'Search people, cases and parties' });
      await box.fill(surname);
      await box.press('Enter');
      await page.waitForURL(/\/search\?q=/);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Search');
      await expect(page.getByRole('heading', { level: 2, name: 'People' }).count()).resolves.toBe(1);
      await expect(page.getByRole('link', { name: worker.name }).first().getAttribute('href')).resolves.toBe(`/people/${worker.id}`);
      await shot(page, `results-${viewport.width}`);
      await context.close();
    }
  });

  it('the results page, its 422 and the "nothing found" box have no serious accessibility problems', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.getByRole('combobox', { name: 'Search people, cases and parties' }).fill('Xylophonequark');
    await page.getByText('Nothing found for “Xylophonequark”.').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.goto(`${server.url}/search?q=${encodeURIComponent(londonWorker().name.split(' ').at(-1)!)}`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.goto(`${server.url}/search?q=${'x'.repeat(201)}`);
    await page.locator('#f-q-error').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });

  it('a network coordinator has no search box', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, server.url, 'coordinator@demo.test');
    await expect(page.locator('#search-box-q').count()).resolves.toBe(0);
    await context.close();
  });
});
