import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addDays, addMonths, monthsLessOneDay, todayIn } from '../../src/deadlines/compute.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';
import { launchBrowser, seriousA11yViolations, signInAs, startServer } from '../helpers/browser.js';
import { TEST_NOW } from '../helpers/clock.js';

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let kase: { id: number; reference: string };

/** A last deduction whose tribunal limit falls in the next 30 days, counted from today in London. */
const today = todayIn('Europe/London', Date.parse(TEST_NOW));
const lastDeduction = addDays(addMonths(today, -3), 10);
const limit = monthsLessOneDay(lastDeduction, 3);

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const d = demo(server.db);
  const person = makePerson(server.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: 'Joanna Kowalczyk' });
  kase = makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id, caseTypes: ['unlawful_deductions'], jurisdictionRegion: 'England' });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

describe('deadlines in a browser', () => {
  it('a counsellor enters a last-deduction date, confirms the proposed tribunal deadline, and sees it on the dashboard', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = watchConsole(page);
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/cases/${kase.id}/deadlines`);

    await page.getByLabel('Date of the last deduction').fill(lastDeduction);
    await page.getByRole('button', { name: 'Save dates and compute' }).click();
    const proposal = page.getByRole('article').filter({ hasText: 'Employment tribunal claim: unlawful deduction from wages' });
    // The proposal comes with the htmx answer: waited for (count() alone does not wait, and lost the race on a busy machine).
    await proposal.locator(`time[datetime="${limit}"]`).waitFor();
    await expect(proposal.locator(`time[datetime="${limit}"]`).count()).resolves.toBe(1);
    await expect(proposal.getByRole('listitem').first().textContent()).resolves.toMatch(
      /^\d{1,2} \w+ \d{4}: 3 months less one day from the last deduction on \d{1,2} \w+ \d{4} — ERA 1996 s\.23\(2\)–\(3\)$/,
    );

    await proposal.getByRole('button', { name: /^Confirm \(Employment tribunal claim/ }).click();
    await page.getByText('Deadline confirmed.').waitFor();
    const confirmed = page.locator('#case-deadlines li.card').filter({ hasText: 'Employment tribunal claim: unlawful deduction from wages' });
    await expect(confirmed.locator(`time[datetime="${limit}"]`).count()).resolves.toBe(1);
    // htmx swapped the section in place: still one page, one section.
    await expect(page.locator('#case-deadlines').count()).resolves.toBe(1);
    expect(new URL(page.url()).pathname).toBe(`/cases/${kase.id}/deadlines`);

    await page.goto(`${server.url}/`);
    const panels = page.getByRole('region', { name: 'Deadlines' });
    const item = panels.getByRole('listitem').filter({ hasText: kase.reference });
    await expect(item.textContent()).resolves.toContain('Employment tribunal claim: unlawful deduction from wages');
    await expect(item.textContent()).resolves.toContain('Joanna Kowalczyk');
    await expect(item.getByRole('link', { name: kase.reference }).getAttribute('href')).resolves.toBe(`/cases/${kase.id}`);

    // One click marks it done, without leaving the dashboard.
    await item.getByRole('button', { name: /^Mark done/ }).click();
    await panels.getByText('Marked done: Employment tribunal claim: unlawful deduction from wages.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('cancelling a deadline is never one click: the counsellor opens it, gives a reason, and the timeline keeps it', async () => {
    const d = demo(server.db);
    const other = makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, caseTypes: ['unlawful_deductions'] });
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = watchConsole(page);
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/cases/${other.id}/deadlines`);
    await page.getByLabel('What is due').fill('Chase the agency for the payslips');
    await page.getByLabel('Due date').fill(addDays(today, 20));
    await page.getByRole('button', { name: 'Add deadline' }).click();
    const card = page.locator('#case-deadlines li.card').filter({ hasText: 'Chase the agency for the payslips' });
    await card.waitFor();
    // The reason box is behind the Cancel disclosure; sent empty, the answer (422) keeps it open with the message.
    await card.locator('details.cancel > summary').click();
    await card.getByRole('button', { name: 'Cancel this deadline' }).click();
    await card.getByText('Say why this deadline is cancelled (at least 3 characters)').waitFor();
    await expect(card.getByText('Cancelled', { exact: true }).count()).resolves.toBe(0);
    await card.getByLabel('Why cancel this deadline?').fill('The agency sent the payslips by post.');
    await card.getByRole('button', { name: 'Cancel this deadline' }).click();
    await page.locator('#case-deadlines li.card').filter({ hasText: 'Chase the agency for the payslips' }).getByText('Cancelled').first().waitFor();
    await page.goto(`${server.url}/cases/${other.id}`);
    await page.locator('#timeline-list').getByText('The agency sent the payslips by post.').waitFor();
    // The browser reports the 422 answer itself as a failed load; nothing else may be in the console.
    expect(errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
    await context.close();
  });

  it('the calculator shows a linked calculation, and changing the rule shows its fields', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = watchConsole(page);
    await signInAs(page, server.url, 'coordinator@demo.test');
    await page.goto(`${server.url}/deadlines/calculator?rule=uk-et-wages&trigger=2026-03-15&day_a=2026-06-10&day_b=2026-06-24`);
    await expect(page.locator('time[datetime="2026-07-24"]').count()).resolves.toBeGreaterThan(0);
    await page.getByLabel('Rule', { exact: true }).selectOption('uk-sponsorship-curtailment');
    await page.getByLabel('Date the curtailment decision was served').waitFor();
    expect(new URL(page.url()).searchParams.get('rule')).toBe('uk-sponsorship-curtailment');
    await page.getByLabel('Date the curtailment decision was served').fill('2026-03-02');
    await page.getByRole('button', { name: 'Compute' }).click();
    await page.locator('time[datetime="2026-05-01"]').first().waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('accessibility of the deadline pages (axe-core)', () => {
  it('the case deadlines, list, calculator and calendar pages have no serious or critical violations', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await signInAs(page, server.url, 'counsellor@demo.test');
    for (const path of [`/cases/${kase.id}/deadlines`, '/deadlines', '/deadlines/calculator?rule=uk-et-wages&trigger=2026-03-15', '/deadlines/calendar', '/']) {
      await page.goto(`${server.url}${path}`);
      expect(await seriousA11yViolations(page), path).toEqual([]);
    }
    await context.close();
  });

  it('the rule administration pages have no serious or critical violations', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await signInAs(page, server.url, 'admin@demo.test');
    for (const path of ['/admin/rules', '/admin/rules/uk-et-wages', '/admin/rules/uk-et-wages/versions/2', '/admin/rules/us-flsa/versions/new']) {
      await page.goto(`${server.url}${path}`);
      expect(await seriousA11yViolations(page), path).toEqual([]);
    }
    await context.close();
  });
});
