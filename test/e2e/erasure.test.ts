import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { demo, makeCase, makePerson } from '../helpers/factories.js';
import { launchBrowser, seriousA11yViolations, signInAs, startServer } from '../helpers/browser.js';

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let person: { id: number };
let kase: { id: number; reference: string };
let closed: { id: number; reference: string };

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const d = demo(server.db);
  person = makePerson(server.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: 'Wioletta Erasable', alias: 'Wiola' });
  kase = makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id, caseTypes: ['information_only'], status: 'open' });
  closed = makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, caseTypes: ['wage_theft'], status: 'closed', closedAt: server.clock.now() });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

describe('retention and erasure in a browser', () => {
  it('an administrator reads and changes a retention period', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await signInAs(page, server.url, 'admin@demo.test');
    await page.getByRole('navigation').getByRole('link', { name: 'Retention', exact: true }).click();
    await page.getByRole('heading', { name: 'Retention periods by case type' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Change Information and advice only' }).click();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByLabel('Months kept after closing').fill('18');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('The retention period has been saved.').waitFor();
    await expect(page.getByRole('row', { name: /Information and advice only 18 months/ }).count()).resolves.toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a supervisor erases a person with a reason and the typed number; the person page then shows no name', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await signInAs(page, server.url, 'supervisor@demo.test');
    await page.goto(`${server.url}/people/${person.id}`);
    await page.getByRole('link', { name: 'Erase this person' }).click();
    await page.getByRole('heading', { name: /Erase this person/ }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByLabel('Reason for the erasure').fill('short');
    await page.getByRole('button', { name: 'Erase this person' }).click();
    // At the field, and in the error summary as a link to it.
    await page.locator('#f-reason-error').getByText('Give the reason in at least 10 characters.').waitFor();
    await expect(page.getByRole('link', { name: 'Give the reason in at least 10 characters.' }).getAttribute('href')).resolves.toBe('#f-reason');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByLabel('Reason for the erasure').fill('Asked at the desk on 20 November.');
    await page.getByLabel(/Type the person’s number/).fill(String(person.id));
    await page.getByRole('button', { name: 'Erase this person' }).click();
    await page.getByText('The person’s data has been erased.').waitFor();
    const text = await page.locator('main').textContent();
    expect(text).not.toContain('Wioletta');
    expect(text).not.toContain('Wiola');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.goto(`${server.url}/cases/${kase.id}`);
    await page.getByText('The case content was anonymised: the person’s data was erased').waitFor();
    // The refused first try (422) is the only failed load.
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)']);
    await context.close();
  });
  it('a supervisor puts a closed case on legal hold from the case page', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await signInAs(page, server.url, 'supervisor@demo.test');
    await page.goto(`${server.url}/cases/${closed.id}`);
    await page.getByText('Not on legal hold').waitFor();
    await page.getByRole('link', { name: 'Put on legal hold' }).click();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByLabel('Reason').fill('Tribunal claim pending.');
    await page.getByRole('button', { name: 'Put on legal hold' }).click();
    await page.getByText('The case is on legal hold: retention will not anonymise it.').waitFor();
    await expect(page.locator('#legal-hold').textContent()).resolves.toContain('Tribunal claim pending.');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
