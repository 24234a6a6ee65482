import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvent } from '../../src/cases/cases.service.js';
import { launchBrowser, seriousA11yViolations, signInAs, startServer } from '../helpers/browser.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';
import { flat, pdfPages } from '../helpers/pdf-text.js';

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
const mine: string[] = [];
let longCase: { id: number; reference: string };

beforeAll(async () => {
  server = await startServer();
  const d = demo(server.db);
  const by = d.counsellor.id;
  for (const name of ['Ana Souza', 'Bogdan Ilie', '=cmd|calc']) {
    const person = makePerson(server.db, { contactPointId: d.ldn.id, recordedBy: by, name });
    mine.push(makeCase(server.db, { contactPointId: d.ldn.id, createdBy: by, status: 'open', personId: person.id }).reference);
  }
  makeCase(server.db, { contactPointId: d.ldn.id, createdBy: by, status: 'open', assignedTo: d.supervisor.id });
  makeCase(server.db, { contactPointId: d.ldn.id, createdBy: by, status: 'closed' });
  const person = makePerson(server.db, { contactPointId: d.ldn.id, recordedBy: by, name: 'Lucía Ferreira', safetyFlags: ['risk_of_retaliation'] });
  longCase = makeCase(server.db, { contactPointId: d.ldn.id, createdBy: by, status: 'open', assignedTo: d.supervisor.id, personId: person.id });
  const now = server.clock.now();
  server.db.transaction((tx) => {
    for (let i = 1; i <= 120; i += 1) appendEvent(tx, { caseId: longCase.id, userId: by, kind: 'note', body: `Entry ${i}: called the worker about the missing overtime and the deductions for the hostel bed.` }, now - (120 - i) * 60_000);
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signedIn(email = 'counsellor@demo.test'): Promise<Page> {
  // bypassCSP only so that axe can be injected, as in the other e2e tests.
  const context = await browser.newContext({ acceptDownloads: true, bypassCSP: true });
  const page = await context.newPage();
  await signInAs(page, server.url, email);
  return page;
}

describe('downloading the case list', () => {
  it('a counsellor filters to their open cases and downloads them as CSV and XLSX', async () => {
    const page = await signedIn();
    await page.goto(`${server.url}/cases`);
    await page.getByLabel('Assigned to').selectOption('me');
    await page.getByLabel('Status').selectOption('open');
    await page.waitForURL(/assigned=me/);
    await page.waitForFunction(() => document.querySelector('a[data-export="csv"]')?.getAttribute('href')?.includes('status=open'));

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
    expect(csv.suggestedFilename()).toBe('cases-mine-open-2026-11-24.csv');
    const rows = parseCsv(readFileSync((await csv.path())!, 'utf8').replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.Reference).sort()).toEqual([...mine].sort());
    expect(rows.map((r) => r.Person)).toContain("'=cmd|calc");

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download XLSX (Excel)' }).click()]);
    expect(xlsx.suggestedFilename()).toBe('cases-mine-open-2026-11-24.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await xlsx.path())!);
    const refs = workbook.worksheets[0]!.getColumn(1).values.slice(2);
    expect([...refs].sort()).toEqual([...mine].sort());
    await page.context().close();
  });
});

describe('printing a case', () => {
  it('opens the print view from the case page; printed, it has several pages and no navigation or buttons', async () => {
    const page = await signedIn('supervisor@demo.test');
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(`${server.url}/cases/${longCase.id}`);
    await page.getByRole('link', { name: 'Print', exact: true }).click();
    await page.waitForURL(`${server.url}/cases/${longCase.id}/print`);
    await expect(page.getByRole('heading', { name: `Case ${longCase.reference}` }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Print this page' }).isVisible()).resolves.toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/case-print-screen.png', fullPage: true });

    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('[data-print-toolbar]').isHidden()).resolves.toBe(true);
    await expect(page.getByText('Risk of retaliation').first().isVisible()).resolves.toBe(true);
    const pdf = await page.pdf({ format: 'A4' });
    const pages = await pdfPages(pdf);
    expect(pages.length).toBeGreaterThan(2);
    const text = flat(pages.join(' '));
    expect(text).toContain(`Case ${longCase.reference}`);
    expect(text).toContain('Entry 120: called the worker');
    expect(text).toContain('Entry 1: called the worker');
    for (const chrome of ['Back to the case', 'Print this page', 'Sign out', 'Dashboard', 'My account']) expect(text).not.toContain(chrome);
    // The timeline starts on a page of its own: the first page holds the overview, not an entry.
    expect(flat(pages[0]!)).not.toContain('Entry ');
    expect(consoleErrors).toEqual([]);
    await page.context().close();
  });

  it("asks whether the worker's summary is safe to keep before showing it, and refuses without the tick", async () => {
    const page = await signedIn();
    await page.goto(`${server.url}/cases/${longCase.id}/letters`);
    await page.getByRole('link', { name: "Print the worker's summary" }).click();
    await page.waitForURL(`${server.url}/cases/${longCase.id}/worker-summary/print`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await expect(page.getByText('Lucía Ferreira').count()).resolves.toBe(0);

    await page.getByRole('button', { name: 'Show the summary to print' }).click();
    await page.waitForURL(/asked=1/);
    await expect(page.locator('#f-safeToKeep-error').isVisible()).resolves.toBe(true);
    await expect(page.getByText('Lucía Ferreira').count()).resolves.toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Show the summary to print' }).click();
    await page.waitForURL(/safeToKeep=on/);
    await expect(page.getByRole('heading', { name: 'Your case summary, Lucía Ferreira' }).isVisible()).resolves.toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.emulateMedia({ media: 'print' });
    const text = flat((await pdfPages(await page.pdf({ format: 'A4' }))).join(' '));
    expect(text).toContain('If you need help urgently');
    expect(text).not.toContain('Back to letters and documents');
    expect(text).not.toContain('Risk of retaliation');
    await page.context().close();
  });
});
