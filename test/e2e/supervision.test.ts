import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/auth/policy.js';
import { moveCase } from '../../src/cases/case-page.service.js';
import { cases } from '../../src/cases/cases.table.js';
import { launchBrowser, seriousA11yViolations, signInAs, startServer } from '../helpers/browser.js';
import { demo, makeCase } from '../helpers/factories.js';

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the supervisor at the caseload dashboard', () => {
  it('reassigns a case from the dashboard and approves a closure', async () => {
    const d = demo(server.db);
    const amira: Actor = { id: d.counsellor.id, role: 'counsellor', contactPointIds: [d.ldn.id] };
    const toMove = makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, status: 'open' });
    makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, status: 'open' });
    const toClose = makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, status: 'open', amountClaimedMinor: 150_000, currency: 'GBP' });
    await moveCase(server.db, amira, toClose.id, 'request_closure', { outcome: 'resolved_paid_in_full', amountRecovered: 150_000, currency: 'GBP', note: 'Paid in full.' }, null, server.clock.now());

    const context = await browser.newContext();
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await signInAs(page, server.url, 'supervisor@demo.test');
    await page.getByRole('navigation').getByRole('link', { name: 'Supervision' }).click();
    await page.waitForURL(`${server.url}/supervision`);

    // Amira holds 3 active cases; the panel opens in place (htmx), under the table.
    await page.getByRole('link', { name: 'Move cases… — Amira Haddad' }).click();
    await page.getByRole('heading', { name: 'Move cases of Amira Haddad (London Migrant Workers Desk)' }).waitFor();
    expect(page.url()).toBe(`${server.url}/supervision`);
    await page.getByLabel(toMove.reference).check();
    await page.getByLabel('Give them to').selectOption({ label: 'Grace Okafor (Supervisor)' });
    await page.getByRole('button', { name: 'Review the move' }).click();
    await page.getByRole('heading', { name: 'Move 1 case to Grace Okafor?' }).waitFor();
    // Nothing has moved before the supervisor confirms.
    expect(server.db.select().from(cases).where(eq(cases.id, toMove.id)).get()!.assignedTo).toBe(d.counsellor.id);
    await page.getByLabel('Reason for the move').fill('Amira is on leave.');
    await page.getByRole('button', { name: 'Yes, move 1 case' }).click();
    await page.getByRole('status').filter({ hasText: '1 case moved.' }).waitFor();
    expect(server.db.select().from(cases).where(eq(cases.id, toMove.id)).get()!.assignedTo).toBe(d.supervisor.id);
    // The figures on the page are the new ones: Grace's row now has one active case.
    const graceRow = page.getByRole('row', { name: /^Grace Okafor/ });
    await expect(graceRow.getByRole('cell').first().textContent()).resolves.toContain('1');

    // The closure waiting: from the dashboard to the queue, approved in place.
    await page.locator('a[href="/supervision/closures"]').first().click();
    await page.waitForURL(`${server.url}/supervision/closures`);
    await expect(page.getByRole('article').textContent()).resolves.toContain('£1,500.00');
    await page.getByText(`Approve closure… — ${toClose.reference}`).click();
    await page.getByLabel('Reason for closing').fill('Paid in full, confirmed by the worker.');
    await page.getByLabel('I have checked the list above.').check();
    await page.getByRole('button', { name: `Approve closure — ${toClose.reference}` }).click();
    await page.getByRole('status').filter({ hasText: `${toClose.reference} is closed.` }).waitFor();
    const closed = server.db.select().from(cases).where(eq(cases.id, toClose.id)).get()!;
    expect(closed.status).toBe('closed');
    expect(closed.closedAt).not.toBeNull();

    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});

describe('accessibility (axe-core)', () => {
  it('the supervision and report pages have no serious or critical violations', async () => {
    const d = demo(server.db);
    for (let i = 0; i < 6; i++) makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, status: 'open', sector: 'care' });
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await signInAs(page, server.url, 'supervisor@demo.test');
    for (const path of ['/supervision', `/supervision/reassign?cp=${d.ldn.id}&from=${d.counsellor.id}`, '/supervision/closures', '/reports', '/reports?from=2026-06-01&to=2026-01-01']) {
      await page.goto(`${server.url}${path}`);
      expect(await seriousA11yViolations(page), path).toEqual([]);
    }
    await context.close();
  });
});
