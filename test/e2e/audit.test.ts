import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { auditLog } from '../../src/audit/audit.table.js';
import { demo, makeCase } from '../helpers/factories.js';
import { launchBrowser, seriousA11yViolations, signInAs, startServer } from '../helpers/browser.js';

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let refs: { watched: string; other: string; chicago: string };

beforeAll(async () => {
  server = await startServer({ AUDIT_PERSON_VIEWS_PER_HOUR: '2' });
  const d = demo(server.db);
  const watched = makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id });
  const other = makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id });
  const chicago = makeCase(server.db, { contactPointId: d.chi.id, createdBy: d.counsellor2.id, jurisdictionCountry: 'US' });
  refs = { watched: watched.reference, other: other.reference, chicago: chicago.reference };
  const at = server.clock.now() - 3_600_000;
  const add = (over: Partial<typeof auditLog.$inferInsert> & Pick<typeof auditLog.$inferInsert, 'action' | 'targetType'>) =>
    server.db.insert(auditLog).values({ at, userId: d.counsellor.id, contactPointId: d.ldn.id, clientAddress: '10.0.0.7', ...over }).run();
  add({ action: 'update', targetType: 'case', targetId: String(watched.id), fields: ['summary', 'priority'] });
  add({ action: 'view', targetType: 'case', targetId: String(other.id), at: at + 60_000 });
  add({ action: 'update', targetType: 'case', targetId: String(other.id), fields: ['status'], at: at + 120_000 });
  add({ action: 'update', targetType: 'case', targetId: String(chicago.id), fields: ['summary'], contactPointId: d.chi.id, userId: d.counsellor2.id });
  // Three person records opened within minutes: over the limit of two, so the supervisor is told.
  for (const [i, kase] of [watched, other, makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id })].entries())
    add({ action: 'view', targetType: 'person', targetId: String(kase.personId), at: at + 200_000 + i * 60_000 });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const records = (page: Page) => page.locator('#audit-list tbody tr td:nth-child(4)').allTextContents().then((cells) => cells.map((c) => c.trim().split(/\s+/)[0]));

describe('the audit log in a browser', () => {
  it('a supervisor filters it live, the address following, and downloads the filtered entries as CSV', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await signInAs(page, server.url, 'supervisor@demo.test');
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL(`${server.url}/audit`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Audit log');
    expect(await page.content()).not.toContain(refs.chicago);
    let loads = 0;
    page.on('load', () => (loads += 1));

    await page.getByLabel('Action').selectOption('update');
    await page.waitForURL(`${server.url}/audit?action=update`);
    await expect.poll(() => records(page)).toEqual([refs.other, refs.watched]);

    await page.getByLabel('Record', { exact: true }).pressSequentially(refs.watched.toLowerCase(), { delay: 30 });
    await page.waitForURL(`${server.url}/audit?action=update&record=${refs.watched.toLowerCase()}`);
    await expect.poll(() => records(page)).toEqual([refs.watched]);
    await expect(page.locator('#audit-count').textContent()).resolves.toContain('1 entry');
    expect(loads).toBe(0);

    await page.screenshot({ path: '/tmp/audit-log-filtered.png', fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download these entries as CSV' }).click()]);
    expect(download.suggestedFilename()).toBe(`uniondesk-audit-update-${refs.watched.toLowerCase()}.csv`);
    const lines = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('Time (UTC),Local time,User,User ID,Action,Record type,Record ID,Case reference,Contact point,Fields,Client address');
    expect(lines[1]).toContain(`,Amira Haddad,`);
    expect(lines[1]).toContain(`,Changed,Case,`);
    expect(lines[1]).toContain(`,${refs.watched},LDN,summary priority,10.0.0.7`);

    // The download is on the record too: it is the newest entry of the log.
    await page.goto(`${server.url}/audit?action=export`);
    await expect(page.locator('#audit-list tbody tr').first().textContent()).resolves.toMatch(/Grace Okafor\s+Exported\s+Audit log/);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('works as a plain form without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signInAs(page, server.url, 'supervisor@demo.test');
    await page.goto(`${server.url}/audit`);
    await page.getByLabel('Action').selectOption('update');
    await page.getByLabel('Record', { exact: true }).fill(refs.other);
    await page.getByRole('button', { name: 'Show entries' }).click();
    await page.waitForURL(/\/audit\?user=&action=update&from=&to=&record=/);
    expect(await records(page)).toEqual([refs.other]);
    await context.close();
  });

  it('tells the supervisor of many person records opened within an hour, with a link to those views', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, server.url, 'supervisor@demo.test');
    // The entries above were written straight into the log; a view through the app does the check.
    const d = demo(server.db);
    const kase = makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.supervisor.id });
    for (const id of [kase.personId, ...server.db.select().from(auditLog).all().filter((e) => e.targetType === 'person').map((e) => Number(e.targetId))].slice(0, 3))
      await page.goto(`${server.url}/people/${id}`);
    await page.goto(`${server.url}/supervision`);
    await expect(page.getByRole('heading', { name: 'Many person records opened within an hour' }).isVisible()).resolves.toBe(true);
    await page.locator('section[aria-labelledby="flags-heading"]').screenshot({ path: '/tmp/audit-flag-supervision.png' });
    await page.getByRole('link', { name: /See these views in the audit log/ }).click();
    await page.waitForURL(/\/audit\?user=.*&action=view&record=person&from=.*&to=/);
    await expect.poll(() => page.locator('#audit-list tbody tr').count()).toBe(3);
    await expect(page.getByLabel('From').getAttribute('type')).resolves.toBe('datetime-local');
    await context.close();
  });

  it('has no serious or critical accessibility violations', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await signInAs(page, server.url, 'supervisor@demo.test');
    for (const url of ['/audit', '/audit?action=bogus&from=2026-02-30', '/supervision', `/audit?record=${refs.watched}`]) {
      await page.goto(`${server.url}${url}`);
      expect(await seriousA11yViolations(page), url).toEqual([]);
    }
    await context.close();
    const adminContext = await browser.newContext({ bypassCSP: true });
    const admin = await adminContext.newPage();
    await signInAs(admin, server.url, 'admin@demo.test');
    await admin.goto(`${server.url}/audit`);
    expect(await seriousA11yViolations(admin)).toEqual([]);
    await admin.screenshot({ path: '/tmp/audit-log-admin.png', fullPage: true });
    await adminContext.close();
  });
});
