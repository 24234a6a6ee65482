import { readFileSync } from 'node:fs';
import { TextWriter, Uint8ArrayReader, ZipReader, configure } from '@zip.js/zip.js';
import { and, eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/audit/audit.table.js';
import { appendEvent } from '../../src/cases/cases.service.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';
import { launchBrowser, seriousA11yViolations, signInAs, startServer } from '../helpers/browser.js';

configure({ useWebWorkers: false });

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let personId: number;

beforeAll(async () => {
  server = await startServer();
  const d = demo(server.db);
  const person = makePerson(server.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: 'Olena Kovalenko' });
  const kase = makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id });
  server.db.transaction((tx) => appendEvent(tx, { caseId: kase.id, userId: d.counsellor.id, kind: 'note', restricted: true, body: 'Her brother-in-law recruited her.' }, server.clock.now()));
  personId = person.id;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("a person's data export in a browser", () => {
  it('a counsellor reviews the restricted note, sets a password, confirms and downloads an encrypted zip', async () => {
    // bypassCSP only so that axe can be injected, as in the other e2e tests.
    const context = await browser.newContext({ acceptDownloads: true, bypassCSP: true });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/people/${personId}`);
    await page.getByRole('link', { name: "Export this person's data" }).click();
    await page.waitForURL(`${server.url}/people/${personId}/export`);
    await expect(page.getByText('Her brother-in-law recruited her.').isVisible()).resolves.toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/person-export-review.png', fullPage: true });

    // A mismatched password is refused with the page re-rendered, and still passes axe.
    await page.getByLabel('Password for the zip (optional)').fill('a long enough password');
    await page.getByLabel('Type the password again').fill('a different password');
    await page.getByLabel(/I have reviewed/).check();
    await page.getByRole('button', { name: 'Download the export' }).click();
    // At the field, and in the error summary as a link to it.
    await expect(page.locator('#f-passwordRepeat-error').getByText('The two passwords are not the same.').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('link', { name: 'The two passwords are not the same.' }).getAttribute('href')).resolves.toBe('#f-passwordRepeat');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByLabel('Password for the zip (optional)').fill('a long enough password');
    await page.getByLabel('Type the password again').fill('a long enough password');
    await page.getByLabel('Include this note').check();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the export' }).click()]);
    expect(download.suggestedFilename()).toBe(`person-${personId}-export-2026-11-24.zip`);
    const zip = new Uint8Array(readFileSync((await download.path())!));
    const reader = new ZipReader(new Uint8ArrayReader(zip), { password: 'a long enough password' });
    const entries = await reader.getEntries();
    expect(entries.every((e) => e.encrypted)).toBe(true);
    const json = entries.find((e) => e.filename === 'person.json');
    if (!json || json.directory) throw new Error('person.json is missing');
    const data = JSON.parse(await json.getData(new TextWriter()));
    const htmlEntry = entries.find((e) => e.filename === 'person.html');
    if (!htmlEntry || htmlEntry.directory) throw new Error('person.html is missing');
    const html = await htmlEntry.getData(new TextWriter());
    await reader.close();
    expect(data.person.name).toBe('Olena Kovalenko');
    expect(JSON.stringify(data.cases[0].timeline)).toContain('Her brother-in-law recruited her.');
    const exports = server.db.select().from(auditLog).where(and(eq(auditLog.action, 'export'), eq(auditLog.targetType, 'person'))).all();
    expect(exports.map((e) => e.targetId)).toEqual([String(personId)]);
    // The refused form is a 422, which the browser reports; nothing else may go wrong.
    // The page in the zip stands alone: opened from disk it reads well and passes axe.
    const file = await context.newPage();
    await file.setContent(html);
    await expect(file.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Your data held by London Migrant Workers Desk');
    expect(await seriousA11yViolations(file)).toEqual([]);
    await file.screenshot({ path: '/tmp/person-export-file.png', fullPage: true });
    expect(consoleErrors.filter((m) => !m.includes('422'))).toEqual([]);
    await context.close();
  });
});
