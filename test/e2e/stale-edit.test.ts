import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { signIn } from '../helpers/app.js';
import { launchBrowser, seriousA11yViolations, signInAs, startServer } from '../helpers/browser.js';
import { demo, makeCase } from '../helpers/factories.js';

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let caseId: number;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const d = demo(server.db);
  caseId = makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, priority: 'low', summary: 'Unpaid wages for six weeks.' }).id;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const priorityOf = () => (server.db.$client.prepare('select priority, summary from cases where id = ?').get(caseId) as { priority: string; summary: string });

describe('two people editing the same case in a browser', () => {
  it('the supervisor saving a form opened before the counsellor set "urgent" sees a 409 with her text kept and the new priority in place', async () => {
    // bypassCSP: axe-core is injected as an inline script to check the 409 page.
    const supervisor = await (await browser.newContext({ bypassCSP: true })).newPage();
    const counsellor = await (await browser.newContext()).newPage();
    await signInAs(supervisor, server.url, 'supervisor@demo.test');
    await signInAs(counsellor, server.url, 'counsellor@demo.test');

    // The supervisor opens the form and starts typing.
    await supervisor.goto(`${server.url}/cases/${caseId}/edit`);
    await supervisor.getByLabel('Summary').fill('Employer replied; meeting on Friday.');

    // Meanwhile the counsellor raises the priority and saves.
    await counsellor.goto(`${server.url}/cases/${caseId}/edit`);
    await counsellor.getByLabel('Priority').selectOption('urgent');
    await counsellor.getByRole('button', { name: 'Save changes' }).click();
    await counsellor.getByText('The case details have been saved.').waitFor();

    // The supervisor saves her form: refused, as she sees it.
    const [response] = await Promise.all([supervisor.waitForResponse((r) => r.request().method() === 'POST'), supervisor.getByRole('button', { name: 'Save changes' }).click()]);
    expect(response.status()).toBe(409);
    const alert = supervisor.locator('#conflict');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain('Someone else changed this record while you were editing it');
    await expect(alert.textContent()).resolves.toContain('Amira Haddad');
    await expect(supervisor.getByLabel('Summary').inputValue()).resolves.toBe('Employer replied; meeting on Friday.');
    // She had not touched the priority: the field now shows the counsellor's, and says so.
    await expect(supervisor.getByLabel('Priority').inputValue()).resolves.toBe('urgent');
    await expect(supervisor.locator('.field--changed .changed').textContent()).resolves.toContain('Changed meanwhile by Amira Haddad. You had not changed it, so it now shows their value.');
    expect(priorityOf()).toEqual({ priority: 'urgent', summary: 'Unpaid wages for six weeks.' });
    expect(await seriousA11yViolations(supervisor)).toEqual([]);
    await supervisor.screenshot({ path: '/tmp/stale-edit-409.png', fullPage: true });

    // She saves again as the page stands: her summary and the counsellor's priority are both kept.
    await supervisor.getByRole('button', { name: 'Save changes' }).click();
    await supervisor.getByText('The case details have been saved.').waitFor();
    expect(priorityOf()).toEqual({ priority: 'urgent', summary: 'Employer replied; meeting on Friday.' });
  });

  it('a date form sent with htmx from a page loaded before the deadline moved is swapped in place with its 409', async () => {
    const d = demo(server.db);
    const kase = makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id });
    const grace = await signIn(server.app, 'supervisor@demo.test');
    await grace.get(`/cases/${kase.id}/deadlines`);
    await grace.post(`/cases/${kase.id}/deadlines/manual`, { title: 'Reply from the employer', dueDate: '2026-12-10', reminderLeadDays: '3' });
    const id = (server.db.$client.prepare('select id from deadlines where case_id = ?').get(kase.id) as { id: number }).id;

    const page = await (await browser.newContext()).newPage();
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/cases/${kase.id}/deadlines`);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 7));
    const item = page.locator(`#deadline-${id}`);
    await item.getByText('Change the date').click();
    await item.getByLabel('New date').fill('2026-12-08');
    await item.getByLabel('Reason for the change').fill('Tribunal office closes early.');

    // Meanwhile the supervisor moves the deadline.
    await grace.post(`/deadlines/${id}/edit`, { dueDate: '2026-12-20', reason: 'The employer asked for ten more days.', version: '1' });

    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), item.getByRole('button', { name: 'Save the new date' }).click()]);
    expect(response.status()).toBe(409);
    await page.locator(`#deadline-${id} .conflict`).waitFor();
    await expect(page.locator(`#deadline-${id}`).textContent()).resolves.toContain('Changed meanwhile by Grace Okafor. Now: 20 December 2026');
    await expect(page.locator(`#deadline-${id}`).getByLabel('Reason for the change').inputValue()).resolves.toBe('Tribunal office closes early.');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);
    await page.locator(`#deadline-${id}`).screenshot({ path: '/tmp/stale-deadline-409.png' });
    expect(server.db.$client.prepare('select due_date from deadlines where id = ?').get(id)).toEqual({ due_date: '2026-12-20' });
  });
});
