import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, seriousA11yViolations, signInAs, startServer } from '../helpers/browser.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let lukasz: { id: number };

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const d = demo(server.db);
  lukasz = makePerson(server.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: 'Łukasz Nowak', phone: '+44 7700 900112', nationality: 'PL', safetyFlags: ['do_not_text'] });
  makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: lukasz.id });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Console errors other than the status lines Chromium logs for a 4xx page (a 409 or 422 form is expected here). */
function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  return errors;
}

describe('intake in a browser', () => {
  it('a counsellor finds no one, records a new person with consent, opens the case and lands on it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const consoleErrors = watchConsole(page);
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.getByRole('navigation').getByRole('link', { name: 'New intake' }).click();
    await page.waitForURL(`${server.url}/cases/new`);

    // The results follow the typing (htmx), without leaving the page.
    const search = page.getByLabel('Name, alias or phone number');
    await search.pressSequentially('nowak', { delay: 40 });
    await page.locator('#person-results').getByRole('link', { name: 'Łukasz Nowak', exact: true }).waitFor();
    await search.fill('');
    await search.pressSequentially('Zainab Haidari', { delay: 20 });
    await page.locator('#person-results').getByText('No one on record matches “Zainab Haidari”').waitFor();
    expect(page.url()).toBe(`${server.url}/cases/new`);

    await page.locator('#person-results').getByRole('link', { name: 'New person' }).click();
    await page.waitForURL(`${server.url}/cases/new/person`);
    await page.getByLabel('Store their details and case').check();
    await page.getByLabel('Be counted in anonymised statistics').check();
    await page.getByLabel('Name', { exact: true }).fill('Zainab Haidari');
    await page.getByLabel('Preferred language').selectOption('fa');
    await page.getByLabel('Nationality').selectOption('AF');
    await page.getByLabel('Needs an interpreter').check();
    await page.getByRole('textbox', { name: 'Phone' }).fill('+44 7700 900 071');
    await page.getByLabel('Risk of retaliation').check();
    await page.getByLabel('Immigration situation', { exact: true }).selectOption('asylum_seeker');
    await page.getByRole('button', { name: 'Save and continue to the case' }).click();
    await page.waitForURL(/\/cases\/new\/case\?person=\d+$/);

    // The safety flag is on the case form, above everything else.
    await expect(page.locator('.safety').textContent()).resolves.toContain('Risk of retaliation');
    await expect(page.getByRole('heading', { level: 2, name: /Case for Zainab Haidari/ }).isVisible()).resolves.toBe(true);
    await page.getByLabel('Wage theft / unpaid wages').check();
    await page.getByLabel('Unlawful deductions and illegal fees').check();
    await page.getByLabel('Sector').selectOption('cleaning');
    await page.getByLabel('Summary').fill('Office cleaning through an agency; last two months unpaid and a "uniform fee" deducted.');
    await page.getByLabel('Employment started').fill('2026-05-04');
    await page.getByLabel('Amount claimed').fill('1480.50');
    await page.getByRole('button', { name: 'Open the case' }).click();
    await page.waitForURL(/\/cases\/\d+\?notice=created$/);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('The case has been opened.');

    const caseId = Number(new URL(page.url()).pathname.split('/').pop());
    const saved = server.db.$client.prepare('select reference, status, amount_claimed_minor, person_id from cases where id = ?').get(caseId) as {
      reference: string;
      status: string;
      amount_claimed_minor: number;
      person_id: number;
    };
    expect(saved.reference).toMatch(/^LDN-\d{4}-\d{5}$/);
    expect(saved).toMatchObject({ status: 'intake', amount_claimed_minor: 148050 });
    const person = server.db.$client.prepare('select name, phone_digits, interpreter_needed from people where id = ?').get(saved.person_id);
    expect(person).toEqual({ name: 'Zainab Haidari', phone_digits: '447700900071', interpreter_needed: 1 });
    // The case page shows the new reference.
    await expect(page.locator('main').textContent()).resolves.toContain(saved.reference);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('shows a likely duplicate before creating someone new, and "use this person" continues with them', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/cases/new/person`);
    await page.getByLabel('Store their details and case').check();
    await page.getByLabel('Name', { exact: true }).fill('lukasz nowak');
    await page.getByRole('button', { name: 'Save and continue to the case' }).click();
    await page.getByRole('heading', { name: 'Is this someone already on record?' }).waitFor();
    await page.getByRole('button', { name: 'Use this person for Łukasz Nowak' }).click();
    await page.waitForURL(/\/cases\/new\/case\?person=\d+$/);
    await expect(page.getByRole('heading', { level: 2, name: /Case for Łukasz Nowak/ }).isVisible()).resolves.toBe(true);
    await context.close();
  });
});

describe('accessibility of the intake and person pages (axe-core)', () => {
  it('has no serious or critical violations', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await signInAs(page, server.url, 'counsellor@demo.test');
    const { id } = lukasz;
    for (const path of ['/cases/new?q=nowak', '/cases/new/person', `/cases/new/case?person=${id}`, '/cases/new/anonymous', `/people/${id}`, `/people/${id}/edit`]) {
      await page.goto(`${server.url}${path}`);
      expect(await seriousA11yViolations(page), path).toEqual([]);
    }
    await context.close();
  });
});
