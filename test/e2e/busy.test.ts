import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Route } from 'playwright-core';
import { insertParty, linkPartyToCase } from '../../src/parties/parties.repo.js';
import { launchBrowser, seriousA11yViolations, signInAs, startServer } from '../helpers/browser.js';
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

function wageCase(over: Partial<Parameters<typeof makeCase>[1]> = {}) {
  const d = demo(server.db);
  const person = makePerson(server.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: 'Ana Moraru' });
  const kase = makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id, employmentStart: '2025-09-01', amountClaimedMinor: 98000, currency: 'GBP', ...over });
  const employer = server.db.transaction((tx) => insertParty(tx, { name: 'Quayside Bakery Ltd', kind: 'employer', address: '3 Quay Road\nLondon E16 2QU', createdAt: server.clock.now(), createdBy: d.counsellor.id }));
  server.db.transaction((tx) => linkPartyToCase(tx, kase.id, employer.id, 'employer'));
  return kase;
}

/** Holds the matching requests until `release()` is called, so that the page's busy state can be looked at. */
async function holdRequests(page: Page, pattern: string | RegExp) {
  const held: Route[] = [];
  let sent = 0;
  await page.route(pattern, (route) => {
    sent += 1;
    held.push(route);
  });
  return {
    sent: () => sent,
    waitForOne: async () => {
      await expect.poll(() => held.length, { timeout: 10_000 }).toBeGreaterThan(0);
    },
    release: async () => {
      for (const route of held.splice(0)) await route.continue();
    },
  };
}

const consoleErrorsOf = (page: Page) => {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
};

describe('busy and done states in a browser', () => {
  it('an htmx form disables its button while it is sent, shows the spinner after 300 ms, then says what happened', async () => {
    const kase = wageCase();
    // axe is added to the page as a script, which the app's CSP would refuse.
    const page = await (await browser.newContext({ bypassCSP: true })).newPage();
    const errors = consoleErrorsOf(page);
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/cases/${kase.id}`);
    const hold = await holdRequests(page, `**/cases/${kase.id}/notes`);

    await page.getByLabel('Note, or what was said in the call or meeting').fill('Phoned the bakery; the manager will call back.');
    const button = page.getByRole('button', { name: 'Add to timeline' });
    await button.click();
    await hold.waitForOne();
    await expect(button.isDisabled()).resolves.toBe(true);
    await expect(page.locator('#entry-form').getAttribute('aria-busy')).resolves.toBe('true');
    // The spinner appears only once the wait is noticeable.
    const spinner = () => button.evaluate((b) => window.getComputedStyle(b, '::after').opacity);
    await expect.poll(spinner, { timeout: 3000 }).toBe('1');
    expect(await seriousA11yViolations(page)).toEqual([]);
    // A second click does nothing while the first is on its way.
    await button.click({ force: true });
    expect(hold.sent()).toBe(1);

    await hold.release();
    await page.locator('#timeline-list > li').first().getByText('Phoned the bakery').waitFor();
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Added to the timeline.');
    await expect(page.getByRole('button', { name: 'Add to timeline' }).isDisabled()).resolves.toBe(false);
    await expect(page.locator('#entry-form').getAttribute('aria-busy')).resolves.toBeNull();
    expect(errors).toEqual([]);
  });

  it('the letter preview says it is being prepared while the PDF is made, and frees its buttons when it has arrived', async () => {
    const kase = wageCase();
    const page = await (await browser.newContext()).newPage();
    const errors = consoleErrorsOf(page);
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/cases/${kase.id}/letters/new?kind=letter_before_claim`);
    const hold = await holdRequests(page, `**/cases/${kase.id}/letters/preview`);

    const preview = page.getByRole('button', { name: 'Preview' }).first();
    await preview.click();
    await hold.waitForOne();
    const region = page.locator('[data-busy-region]');
    await expect(region.getAttribute('aria-busy')).resolves.toBe('true');
    await expect.poll(() => region.evaluate((r) => window.getComputedStyle(r, '::after').content), { timeout: 3000 }).toBe('"Preparing the preview…"');
    await expect.poll(() => region.evaluate((r) => window.getComputedStyle(r, '::after').opacity), { timeout: 3000 }).toBe('1');
    await expect(preview.isDisabled()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Generate and save' }).isDisabled()).resolves.toBe(true);

    await hold.release();
    await expect.poll(() => region.getAttribute('aria-busy'), { timeout: 15_000 }).toBeNull();
    await expect(preview.isDisabled()).resolves.toBe(false);
    await expect(page.getByRole('button', { name: 'Generate and save' }).isDisabled()).resolves.toBe(false);
    // The frame shows what the letter still lacks (a 422 that Chromium logs); nothing else went wrong.
    expect(errors.filter((e) => !e.includes('status of 422'))).toEqual([]);
  });

  it('a plain form is sent once however often it is clicked, with the pressed button’s value, and the page after says what happened', async () => {
    const kase = wageCase({ status: 'intake' });
    const page = await (await browser.newContext()).newPage();
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/cases/${kase.id}`);
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') posts.push(`${new URL(r.url()).pathname} ${r.postData()?.includes('move=open') ? 'move=open' : ''}`);
    });
    const hold = await holdRequests(page, `**/cases/${kase.id}/status`);
    // Clicked, looked at and clicked again inside the page, in one go: while a navigation is pending, Playwright's own
    // clicks and locators wait for it to finish.
    const seen = await page.evaluate(
      () =>
        new Promise<{ disabled: boolean; busy: string | null }>((resolve) => {
          const button = Array.from(document.querySelectorAll('button')).find((b) => b.textContent?.trim() === 'Open the case')!;
          button.click();
          window.setTimeout(() => {
            const state = { disabled: button.disabled, busy: button.form!.getAttribute('aria-busy') };
            button.click();
            resolve(state);
          }, 50);
        }),
    );
    expect(seen).toEqual({ disabled: true, busy: 'true' });
    await hold.waitForOne();
    await hold.release();
    await page.waitForURL(`${server.url}/cases/${kase.id}?notice=moved.open`);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('The case is open.');
    expect(posts).toEqual([`/cases/${kase.id}/status move=open`]);
  });
});
