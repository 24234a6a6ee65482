import { readFileSync } from 'node:fs';
import { Uint8ArrayReader, ZipReader, configure } from '@zip.js/zip.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { createCollective } from '../../src/collective/collective.service.js';
import { users } from '../../src/users/users.table.js';
import { launchBrowser, seriousA11yViolations, signInAs, startServer } from '../helpers/browser.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';

configure({ useWebWorkers: false });

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let groupId: number;
let references: string[];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const d = demo(server.db);
  const languages = ['en', 'fr', 'es', 'ar', 'pl', 'ro'];
  const members = languages.map((language, i) =>
    makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: makePerson(server.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: `Crew member ${i + 1}`, preferredLanguage: language, languages: [language] }).id, summary: i === 5 ? '' : 'Six weeks unpaid.' }),
  );
  references = members.map((m) => m.reference);
  const actor = { id: d.counsellor.id, role: d.counsellor.role, contactPointIds: [d.ldn.id] };
  groupId = (await createCollective(server.db, { contactPointId: d.ldn.id, title: 'Harbour Foods night shift', summary: '', partyId: null, partyName: 'Harbour Foods Ltd', partyKind: 'employer', caseIds: members.map((m) => m.id) }, { actor, clientAddress: null, now: server.clock.now() })).id;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('batch letters in a browser', () => {
  it('a counsellor starts a batch of worker summaries from the group, watches the progress finish and downloads the zip', async () => {
    const context = await browser.newContext({ acceptDownloads: true, bypassCSP: true });
    const page = await context.newPage();
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/collectives/${groupId}`);
    await page.getByRole('link', { name: 'Letters for every worker' }).click();
    await page.getByRole('heading', { name: 'Letters for every worker' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByLabel(/Case summary for the worker/).check();
    await page.getByLabel(/Yes: I asked every worker in the group/).check();
    await page.getByRole('button', { name: 'Make the letters' }).click();
    await page.getByRole('heading', { name: 'Batch of letters' }).waitFor();
    // htmx polls the progress until the batch has finished.
    await page.locator('#batch-status', { hasText: 'Finished' }).waitFor({ timeout: 120_000 });
    expect(await page.locator('#batch-progress').textContent()).toContain('6 of 6 workers done');
    expect(await page.locator('#batch-problems').textContent()).toContain(references[5]);
    expect(await seriousA11yViolations(page)).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#batch-zip').click()]);
    expect(download.suggestedFilename()).toMatch(/^LDN-G-\d{4}-001-letters-\d+\.zip$/);
    const reader = new ZipReader(new Uint8ArrayReader(new Uint8Array(readFileSync((await download.path())!))));
    const names = (await reader.getEntries()).map((e) => e.filename).sort();
    await reader.close();
    expect(names).toEqual(references.slice(0, 5).map((r) => `${r}-case-summary-v1.pdf`).sort());
    await context.close();
  });

  it('in Arabic the form and the finished progress page read right to left and pass axe', async () => {
    server.db.update(users).set({ locale: 'ar' }).where(eq(users.email, 'counsellor@demo.test')).run();
    // The sign-in page follows the browser's language; after sign-in the account's (Arabic) decides.
    const context = await browser.newContext({ bypassCSP: true, locale: 'en-GB' });
    const page = await context.newPage();
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/collectives/${groupId}/letters`);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByRole('heading', { name: 'رسائل لكل عامل' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.locator('#batches a').first().click();
    await page.locator('#batch-status', { hasText: 'انتهت' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
    server.db.update(users).set({ locale: 'en' }).where(eq(users.email, 'counsellor@demo.test')).run();
  });
});
