/**
 * Shared deadlines and shared files of a collective case, in a browser: set once on the group page, seen on a member case.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, seriousA11yViolations, signInAs, startServer } from '../helpers/browser.js';
import { payslipPdf } from '../helpers/evidence-files.js';
import { demo, makeCase } from '../helpers/factories.js';

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let dir: string;
let members: { id: number; reference: string }[];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  dir = mkdtempSync(join(tmpdir(), 'uniondesk-e2e-shared-'));
  const d = demo(server.db);
  members = [1, 2].map(() => makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, caseTypes: ['dismissal_retaliation'], jurisdictionCountry: 'GB' }));
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

describe('a collective case’s shared deadline and file in a browser', () => {
  it('set on the group page, seen on a member case', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await signInAs(page, server.url, 'counsellor@demo.test');

    await page.goto(`${server.url}/collectives/new`);
    await page.getByLabel('Title').fill('Mass dismissal at Harbour Foods');
    await page.getByLabel('Name of a new party').fill('Harbour Foods Ltd');
    for (const m of members) await page.getByLabel(m.reference).check();
    await page.getByRole('button', { name: 'Create the collective case' }).click();
    await page.getByText('The collective case was created.').waitFor();

    // A shared deadline: one rule, one common date.
    await page.getByLabel('Rule').selectOption('uk-et-unfair-dismissal');
    await page.getByLabel('Common trigger date').fill('2026-10-30');
    await page.getByRole('button', { name: 'Set on every member case' }).click();
    await page.getByText('The shared deadline was set on 2 member cases.').waitFor();
    const table = page.locator('table[id^="group-deadline-members-"]');
    for (const m of members) expect(await table.textContent()).toContain(m.reference);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // A shared file, uploaded on the group page.
    await page.getByRole('link', { name: /Back to LDN-G-/ }).click();
    const file = join(dir, 'notice-of-dismissal.pdf');
    writeFileSync(file, payslipPdf());
    const upload = page.locator('#group-evidence');
    await upload.getByLabel('What the files are evidence of').selectOption('other');
    await upload.getByLabel('Files', { exact: true }).setInputFiles(file);
    await upload.getByRole('button', { name: 'Upload for the group' }).click();
    await page.getByText('The file was attached.').waitFor();

    // On a member case: the deadline, due on the date the engine gave it, and the group's file.
    await page.goto(`${server.url}/cases/${members[0]!.id}/deadlines`);
    await page.getByText('Employment tribunal claim: unfair dismissal').first().waitFor();
    await page.getByText('29 January 2027').first().waitFor();
    await page.goto(`${server.url}/cases/${members[0]!.id}`);
    const evidence = page.locator('#case-evidence');
    await evidence.getByRole('link', { name: 'notice-of-dismissal.pdf', exact: true }).waitFor();
    expect(await evidence.textContent()).toContain('shared by the group LDN-G-2026-001');
    expect(await page.locator('#shared-entries').textContent()).toContain('set a shared deadline on the collective case');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
