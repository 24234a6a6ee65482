import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signInAs, startServer } from '../helpers/browser.js';
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

const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return { id: el?.id ?? '', summary: el?.hasAttribute('data-error-summary') ?? false };
  });

/** The hrefs of the summary's links, and whether each names an element of the page. */
const summaryLinks = (page: Page) =>
  page.locator('[data-error-summary] a').evaluateAll((links) => links.map((a) => ({ href: a.getAttribute('href')!, found: !!document.getElementById(a.getAttribute('href')!.slice(1)) })));

describe('the error summary after a 422', () => {
  it('takes focus on a full page, and each of its links focuses its field', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 422/.test(m.text())) errors.push(m.text());
    });
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/cases/new/person`);
    await page.getByRole('button', { name: 'Save and continue to the case' }).click();
    await page.locator('[data-error-summary]').waitFor();
    expect(await focused(page)).toEqual({ id: '', summary: true });

    const links = await summaryLinks(page);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link, link.href).toMatchObject({ found: true });
    // The field itself, or for a group of boxes (a fieldset) its first box.
    for (const link of links) {
      await page.locator(`[data-error-summary] a[href="${link.href}"]`).click();
      const inField = await page.evaluate((id) => {
        const field = document.getElementById(id)!;
        const el = document.activeElement!;
        return el.matches('input, select, textarea') && (el === field || field.contains(el));
      }, link.href.slice(1));
      expect(inField, link.href).toBe(true);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('takes focus after htmx swaps in a 422 (the transfer form of a case), its links focusing the fields', async () => {
    const d = demo(server.db);
    const person = makePerson(server.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id });
    const kase = makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id });
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/cases/${kase.id}/transfer`);
    await page.locator('#case-transfer summary').click();
    // Typed in the reason (htmx puts the focus back on a field it swapped, by id), then sent without a destination.
    await page.locator('#f-reason').fill('Moved to Chicago.');
    const answered = page.waitForResponse((r) => r.url().endsWith(`/cases/${kase.id}/transfers`) && r.request().method() === 'POST');
    await page.getByRole('button', { name: /Propose/ }).click();
    expect((await answered).status()).toBe(422);
    await page.locator('#case-transfer [data-error-summary]').waitFor();
    await page.waitForFunction(() => document.activeElement?.hasAttribute('data-error-summary'));
    expect(page.url()).toBe(`${server.url}/cases/${kase.id}/transfer`);
    expect(await focused(page)).toEqual({ id: '', summary: true });

    const links = await summaryLinks(page);
    expect(links.map((l) => l.href)).toContain('#f-toContactPointId');
    await page.locator('[data-error-summary] a[href="#f-toContactPointId"]').click();
    expect((await focused(page)).id).toBe('f-toContactPointId');
    await context.close();
  });
});
