import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { count, eq } from 'drizzle-orm';
import { users } from '../../src/users/users.table.js';
import { cases } from '../../src/cases/cases.table.js';
import { launchBrowser, seriousA11yViolations, signInAs, startServer } from '../helpers/browser.js';
import { createCollective } from '../../src/collective/collective.service.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';
import { workerHeader, workerRow, xlsxOf } from '../helpers/sheets.js';

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let dir: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  dir = mkdtempSync(join(tmpdir(), 'uniondesk-e2e-sheet-'));
  const d = demo(server.db);
  makePerson(server.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: 'Worker 3' });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  return errors;
}

const caseCount = () => server.db.select({ n: count() }).from(cases).get()!.n;

describe('a collective case in a browser', () => {
  it('upload → mapping → preview → confirm, then a shared entry shows on a member case', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await signInAs(page, server.url, 'counsellor@demo.test');

    await page.goto(`${server.url}/collectives/new`);
    await page.getByLabel('Title').fill('Unpaid wages at Harbour Foods');
    await page.getByLabel('Name of a new party').fill('Harbour Foods Ltd');
    await page.getByRole('button', { name: 'Create the collective case' }).click();
    await page.getByText('The collective case was created.').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    const rows = Array.from({ length: 12 }, (_, i) => workerRow(i + 1));
    rows[4] = workerRow(5, { consentStore: 'no' });
    const file = join(dir, 'workers.xlsx');
    writeFileSync(file, await xlsxOf([workerHeader, ...rows]));

    await page.getByRole('link', { name: 'Add workers from a spreadsheet' }).click();
    await page.getByLabel('Spreadsheet (CSV or XLSX)').setInputFiles(file);
    await page.getByRole('button', { name: 'Upload and map the columns' }).click();
    await page.getByRole('heading', { name: 'Which column holds what' }).waitFor();
    expect(await page.getByText('Rows in the sheet: 12.').count()).toBe(1);
    // The guess can be changed: the phone column is left out.
    await expect(page.getByLabel('Phone').inputValue()).resolves.toBe('phone');
    await page.getByLabel('Phone').selectOption('');
    expect(await seriousA11yViolations(page)).toEqual([]);
    const before = caseCount();
    await page.getByRole('button', { name: 'Preview what would be created' }).click();
    await page.getByRole('heading', { name: 'Preview: nothing is saved yet' }).waitFor();
    await page.getByText('Rows ready to create: 11.').waitFor();
    const problems = await page.locator('#problems').textContent();
    expect(problems).toContain('No consent to store their details');
    expect(await page.locator('#rows').textContent()).toContain('Linked to Worker 3, already at the desk');
    expect(caseCount()).toBe(before);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Create 11 cases' }).click();
    await page.getByText('The workers of the sheet were created and joined the group.').waitFor();
    expect(caseCount()).toBe(before + 11);
    expect(await page.locator('#group-size').textContent()).toBe('11');

    await page.getByLabel('What happened, for every worker in the group').fill('Mass meeting at the depot: 40 workers came.');
    await page.getByRole('button', { name: 'Add to every member\'s timeline' }).click();
    await page.getByText('The shared entry was added').waitFor();

    await page.locator('#members a').first().click();
    const shared = page.locator('#shared-entries');
    await shared.getByText('Mass meeting at the depot: 40 workers came.').waitFor();
    expect(await shared.textContent()).toContain('Shared');
    await expect(page.getByText('Against (Employer):').count()).resolves.toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('a group of 55: the member list pages with htmx (and plain links), a worker leaves from their own page; axe-clean in English and Arabic', async () => {
    const d = demo(server.db);
    const members = Array.from({ length: 55 }, (_, i) =>
      makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: makePerson(server.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: `Paged Worker ${i + 1}` }).id }),
    );
    const group = await createCollective(
      server.db,
      { contactPointId: d.ldn.id, title: 'Night shift at Dockside', summary: '', partyId: null, partyName: 'Dockside Ltd', partyKind: 'employer', caseIds: members.map((c) => c.id) },
      { actor: { id: d.counsellor.id, role: d.counsellor.role, contactPointIds: [d.ldn.id] }, clientAddress: null, now: Date.now() },
    );
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/collectives/${group.id}`);
    await page.getByText('Workers 1–50 of 55').waitFor();
    expect(await page.locator('#members').textContent()).not.toContain(members[50]!.reference);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.locator('#group-members').getByRole('link', { name: 'Next page' }).click();
    await page.getByText('Workers 51–55 of 55').waitFor();
    expect(await page.locator('#members').textContent()).toContain(members[50]!.reference);
    expect(page.url()).toContain('?page=2');
    // Swapped in place: the rest of the page is still there.
    expect(await page.locator('#totals-heading').count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('link', { name: `Take out of the group ${members[52]!.reference}` }).click();
    await page.getByRole('heading', { name: `Take ${members[52]!.reference} out of the group` }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Leave' }).click();
    await page.getByText('Say why the worker leaves the group.').first().waitFor();
    await page.getByLabel('Why the worker leaves the group').fill('Found work elsewhere.');
    await page.getByRole('button', { name: 'Leave' }).click();
    await page.getByText('Workers 1–50 of 54').waitFor();
    expect(await page.locator('#former-members').textContent()).toContain('Found work elsewhere.');

    server.db.update(users).set({ locale: 'ar' }).where(eq(users.id, d.counsellor.id)).run();
    try {
      await page.goto(`${server.url}/collectives/${group.id}?page=2`);
      expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.goto(`${server.url}/collectives/${group.id}/members/${members[0]!.id}/leave`);
      expect(await seriousA11yViolations(page)).toEqual([]);
    } finally {
      server.db.update(users).set({ locale: 'en' }).where(eq(users.id, d.counsellor.id)).run();
    }
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
