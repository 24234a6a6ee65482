import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
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
  it('the supervisor saving a form opened before the counsellor set "urgent" sees a 409 with her text kept and the new priority shown', async () => {
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
    await expect(supervisor.getByLabel('Priority').inputValue()).resolves.toBe('low');
    await expect(supervisor.locator('.field--changed .changed').textContent()).resolves.toContain('Changed meanwhile by Amira Haddad. Now: Urgent');
    expect(priorityOf()).toEqual({ priority: 'urgent', summary: 'Unpaid wages for six weeks.' });
    expect(await seriousA11yViolations(supervisor)).toEqual([]);
    await supervisor.screenshot({ path: '/tmp/stale-edit-409.png', fullPage: true });

    // She keeps the counsellor's priority and saves again: this time it is saved.
    await supervisor.getByLabel('Priority').selectOption('urgent');
    await supervisor.getByRole('button', { name: 'Save changes' }).click();
    await supervisor.getByText('The case details have been saved.').waitFor();
    expect(priorityOf()).toEqual({ priority: 'urgent', summary: 'Employer replied; meeting on Friday.' });
  });
});
