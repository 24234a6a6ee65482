/**
 * Issue 16 items 4, 5 and 10 in a browser: approving from the closure queue with its checklist (the counter drops
 * without a reload), removing a party with a reason and undoing it, moving cases with a reason, and the
 * safe-to-keep question of a batch of worker summaries. Axe on every state added.
 */
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/auth/policy.js';
import { letterBatches } from '../../src/batch-letters/batch-letters.table.js';
import { moveCase } from '../../src/cases/case-page.service.js';
import { caseEvents, caseParties, cases } from '../../src/cases/cases.table.js';
import { createCollective } from '../../src/collective/collective.service.js';
import { deadlines } from '../../src/deadlines/deadlines.table.js';
import { launchBrowser, seriousA11yViolations, signInAs, startServer } from '../helpers/browser.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';

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

/** Console errors, without Chromium's own line for an htmx 422 (the form with its messages, swapped in on purpose). */
function watchConsole(page: Page) {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('status of 422')) errors.push(m.text());
  });
  return errors;
}

async function a11y(page: Page, state: string) {
  expect(await seriousA11yViolations(page), state).toEqual([]);
}

describe('approving a closure from the queue', () => {
  it('shows the checklist, refuses without a reason, and after approval the counter drops by one without a reload', async () => {
    const d = demo(server.db);
    const amira: Actor = { id: d.counsellor.id, role: 'counsellor', contactPointIds: [d.ldn.id] };
    const requested = [];
    for (let i = 0; i < 2; i++) {
      const kase = makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, status: 'open', amountClaimedMinor: 150_000, currency: 'GBP' });
      await moveCase(server.db, amira, kase.id, 'request_closure', { outcome: 'resolved_paid_in_full', amountRecovered: 150_000, currency: 'GBP', note: 'Paid in full.' }, null, server.clock.now());
      requested.push(kase);
    }
    const toClose = requested[0]!;
    const now = server.clock.now();
    server.db.insert(deadlines).values({ caseId: toClose.id, title: 'Chase the last payslip', dueDate: '2027-01-15', source: 'manual', status: 'open', ownerId: d.counsellor.id, reminderLeadDays: 7, createdAt: now, updatedAt: now }).run();

    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const consoleErrors = watchConsole(page);
    await signInAs(page, server.url, 'supervisor@demo.test');
    await page.goto(`${server.url}/supervision/closures`);
    const counter = page.locator('#queue-heading');
    const before = Number((await counter.textContent())!.match(/\d+/)![0]);
    expect(before).toBeGreaterThanOrEqual(2);

    const card = page.locator(`#closure-${toClose.id}`);
    await card.getByText(`Approve closure… — ${toClose.reference}`).click();
    await card.getByRole('heading', { name: 'Check before closing' }).waitFor();
    const checklist = (await card.locator('.checklist').textContent())!;
    expect(checklist).toContain('£1,500.00');
    expect(checklist).toContain('Chase the last payslip');
    expect(checklist).toContain('they stay open');
    await a11y(page, 'the approval form open, with its checklist');

    // No reason, no tick: the messages at the fields, the card still there, the case still waiting.
    await card.getByRole('button', { name: `Approve closure — ${toClose.reference}` }).click();
    await page.locator(`#closure-${toClose.id}-approve-error`).waitFor();
    await page.locator(`#closure-${toClose.id}-checked-error`).waitFor();
    expect(server.db.select().from(cases).where(eq(cases.id, toClose.id)).get()!.status).toBe('closure_requested');
    await a11y(page, 'the approval refused (422)');

    await card.getByLabel('Reason for closing').fill('Paid in full; the payslip deadline no longer matters.');
    await card.getByLabel('I have checked the list above.').check();
    await card.getByRole('button', { name: `Approve closure — ${toClose.reference}` }).click();
    await page.getByRole('status').filter({ hasText: `${toClose.reference} is closed.` }).waitFor();
    // The counter, swapped out of band: one fewer, and the page was not reloaded (the other card is still there).
    await expect.poll(async () => Number((await counter.textContent())!.match(/\d+/)![0])).toBe(before - 1);
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
    await page.locator(`#closure-${requested[1]!.id}`).waitFor();
    expect(server.db.select().from(cases).where(eq(cases.id, toClose.id)).get()!.status).toBe('closed');
    const last = server.db.select().from(caseEvents).where(eq(caseEvents.caseId, toClose.id)).all().at(-1)!;
    expect(last.body).toBe('Paid in full; the payslip deadline no longer matters.');
    await a11y(page, 'after the approval');

    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});

describe('removing a party from a case', () => {
  it('asks for the reason, removes it, and offers an undo that links it back', async () => {
    const d = demo(server.db);
    const kase = makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, parties: [{ name: 'Kingfisher Lettings', kind: 'landlord' }] });
    const links = () => server.db.select().from(caseParties).where(eq(caseParties.caseId, kase.id)).all();
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const consoleErrors = watchConsole(page);
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/cases/${kase.id}/parties/new`);

    await page.getByText('Remove… — Kingfisher Lettings').click();
    await page.getByRole('button', { name: 'Remove from this case: Kingfisher Lettings' }).click();
    const partyId = links()[0]!.partyId;
    await page.locator(`#unlink-${partyId}-reason-error`).waitFor();
    expect(links()).toHaveLength(1);
    await a11y(page, 'the removal refused (422)');

    await page.getByLabel('Why remove it from this case?').fill('Wrong landlord: the worker rents privately.');
    await page.getByRole('button', { name: 'Remove from this case: Kingfisher Lettings' }).click();
    await page.getByRole('status').filter({ hasText: 'Kingfisher Lettings was removed from this case.' }).waitFor();
    expect(links()).toEqual([]);
    await a11y(page, 'removed, with the undo');

    await page.getByRole('button', { name: 'Undo — Kingfisher Lettings' }).click();
    await page.getByRole('status').filter({ hasText: 'The removal was undone' }).waitFor();
    expect(links()).toMatchObject([{ partyId, role: 'landlord' }]);

    await page.goto(`${server.url}/cases/${kase.id}`);
    const timeline = (await page.locator('#timeline').textContent())!;
    expect(timeline).toContain('Wrong landlord: the worker rents privately.');
    expect(timeline).toContain('undid the removal of Kingfisher Lettings');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});

describe('moving cases in bulk', () => {
  it('the confirmation says from whom to whom and needs a reason, which lands on the case', async () => {
    const d = demo(server.db);
    const toMove = makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, status: 'open' });
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const consoleErrors = watchConsole(page);
    await signInAs(page, server.url, 'supervisor@demo.test');
    await page.goto(`${server.url}/supervision`);
    await page.getByRole('link', { name: 'Move cases… — Amira Haddad' }).click();
    await page.getByLabel(toMove.reference).check();
    await page.getByLabel('Give them to').selectOption({ label: 'Grace Okafor (Supervisor)' });
    await page.getByRole('button', { name: 'Review the move' }).click();
    await page.getByText('1 case moves from Amira Haddad to Grace Okafor.').waitFor();
    await a11y(page, 'the confirmation step');

    await page.getByRole('button', { name: 'Yes, move 1 case' }).click();
    await page.locator('#f-reason-error').waitFor();
    expect(server.db.select().from(cases).where(eq(cases.id, toMove.id)).get()!.assignedTo).toBe(d.counsellor.id);
    await a11y(page, 'the confirmation refused (422)');

    await page.getByLabel('Reason for the move').fill('Amira is on leave until March.');
    await page.getByRole('button', { name: 'Yes, move 1 case' }).click();
    await page.getByRole('status').filter({ hasText: '1 case moved.' }).waitFor();
    expect(server.db.select().from(cases).where(eq(cases.id, toMove.id)).get()!.assignedTo).toBe(d.supervisor.id);
    await page.goto(`${server.url}/cases/${toMove.id}`);
    expect(await page.locator('#timeline').textContent()).toContain('Amira is on leave until March.');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});

describe('a batch of worker summaries', () => {
  it('asks whether each worker may keep the paper, names who has safety flags, and makes nothing without the tick', async () => {
    const d = demo(server.db);
    const flagged = makePerson(server.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: 'Rosa Flagged', safetyFlags: ['lives_at_employer'] });
    const members = [makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: flagged.id }), makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id })];
    const actor = { id: d.counsellor.id, role: d.counsellor.role, contactPointIds: [d.ldn.id] };
    const group = await createCollective(server.db, { contactPointId: d.ldn.id, title: 'Dockside cleaners', summary: '', partyId: null, partyName: 'Dockside Cleaning Ltd', partyKind: 'employer', caseIds: members.map((m) => m.id) }, { actor, clientAddress: null, now: server.clock.now() });
    const batchesBefore = server.db.select().from(letterBatches).all().length;

    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/collectives/${group.id}/letters`);
    const question = page.getByRole('group', { name: 'Worker summaries: is it safe for each worker to keep this paper?' });
    expect(await question.textContent()).toContain("Rosa Flagged (" + members[0]!.reference + "): Lives at the employer's premises");

    await page.getByLabel(/Case summary for the worker/).check();
    await page.getByLabel('Your phone for replies').fill('020 7946 0000');
    await page.getByRole('button', { name: 'Make the letters' }).click();
    await page.locator('#f-safeToKeep-error').waitFor();
    expect(await page.getByLabel('Your phone for replies').inputValue()).toBe('020 7946 0000');
    expect(server.db.select().from(letterBatches).all()).toHaveLength(batchesBefore);
    await a11y(page, 'the batch refused without the tick (422)');

    await page.getByLabel(/Yes: I asked every worker in the group/).check();
    await page.getByRole('button', { name: 'Make the letters' }).click();
    await page.getByRole('heading', { name: 'Batch of letters' }).waitFor();
    expect(server.db.select().from(letterBatches).all()).toHaveLength(batchesBefore + 1);
    await page.locator('#batch-status', { hasText: 'Finished' }).waitFor({ timeout: 120_000 });
    await context.close();
  });
});
