import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactPoints } from '../../src/contact-points/contact-points.table.js';
import { saveRuleChange } from '../../src/deadlines/deadlines.repo.js';
import { DeadlineRuleSchema } from '../../src/deadlines/rules.schema.js';
import { userContactPoints, users } from '../../src/users/users.table.js';
import { demo, makeCase } from '../helpers/factories.js';
import { launchBrowser, seriousA11yViolations, signInAs, startServer } from '../helpers/browser.js';

/** Screenshots of the flow, for a person to look at (not compared by the test). */
const SHOTS = '/tmp/shots-region';

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
  const d = demo(server.db);
  // A rule of the test's own that counts a contact point's local holidays (Spain's rules do; none is on this branch yet).
  const rule = DeadlineRuleSchema.parse({
    id: 'es-test-local-days',
    version: 1,
    title: 'Test limit counting local holidays (10 days)',
    jurisdiction: { country: 'ES', region: null },
    caseTypes: ['dismissal_retaliation'],
    trigger: 'dismissal_date',
    period: { amount: 10, unit: 'days' },
    computation: 'days',
    acasStopTheClock: false,
    acasSources: null,
    triggerMustBePast: true,
    cappedBy: null,
    remindersBefore: [],
    validFrom: '1990-01-01',
    validTo: null,
    status: 'active',
    statusNote: null,
    explanation: 'A test rule: 10 days after the dismissal.',
    nonWorkingDays: 'Moved to the next business day, local holidays included.',
    lastDay: 'next_business_day',
    businessDays: { restDays: ['saturday', 'sunday'], holidays: 'regional', alsoClosed: [], localHolidays: true, source: 'Test source on business days' },
    source: { citation: 'Test citation', url: null },
    toVerify: null,
  });
  server.db.transaction((tx) => saveRuleChange(tx, rule, true, d.admin.id, server.clock.now()));
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

/** A counsellor of the contact point, who signs in with the demo password. */
function addCounsellor(cpId: number) {
  const passwordHash = server.db.select().from(users).where(eq(users.email, 'counsellor@demo.test')).get()!.passwordHash;
  const id = randomUUID();
  const email = 'lucia@madrid.example';
  server.db.insert(users).values({ id, email, displayName: 'Lucía Fernández', role: 'counsellor', languages: ['es', 'en'], passwordHash, createdAt: server.clock.now() }).run();
  server.db.insert(userContactPoints).values({ userId: id, contactPointId: cpId }).run();
  return { id, email };
}

describe('regions and local holidays in a browser', () => {
  it('an administrator gives a new contact point its region and a local holiday; its counsellor sees the moved date on a case', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = watchConsole(page);
    await signInAs(page, server.url, 'admin@demo.test');

    await page.goto(`${server.url}/admin/contact-points/new`);
    await page.locator('#f-name').fill('Madrid Migrant Workers Desk');
    await page.locator('#f-unionName').fill('CCOO Madrid');
    // The country is chosen from the ISO list, named in the reader's language.
    await expect(page.locator('#f-country option[value="ES"]').textContent()).resolves.toBe('Spain');
    await page.locator('#f-country').selectOption('ES');
    // The region select follows the country: htmx brings Spain's regions.
    const region = page.locator('#f-region');
    await region.locator('option[value="ES-MD"]').waitFor({ state: 'attached' });
    await region.selectOption('ES-MD');
    await page.locator('#f-city').fill('Madrid');
    await page.locator('#f-refPrefix').fill('MAD');
    await page.locator('#f-timezone').fill('Europe/Madrid');
    await page.locator('#f-languages').fill('es, en, ar');
    await page.screenshot({ path: `${SHOTS}/1-contact-point-region.png`, fullPage: true, caret: 'initial' });
    await page.getByRole('button', { name: 'Create contact point' }).click();
    await page.waitForURL(`${server.url}/admin/contact-points?notice=created`);
    const cp = server.db.select().from(contactPoints).where(eq(contactPoints.refPrefix, 'MAD')).get()!;
    expect(cp.region).toBe('ES-MD');
    await expect(page.getByRole('row').filter({ hasText: 'Madrid Migrant Workers Desk' }).textContent()).resolves.toContain('Community of Madrid (ES-MD)');

    await page.getByRole('link', { name: 'Madrid Migrant Workers Desk' }).click();
    await page.getByRole('link', { name: 'Local holidays' }).click();
    await page.locator('#f-date').fill('2026-05-15');
    await page.locator('#f-name').fill('San Isidro, Madrid');
    await page.getByRole('button', { name: 'Add the local holiday' }).click();
    await page.getByText('Local holiday added.').waitFor();
    await expect(page.getByRole('table').textContent()).resolves.toContain('San Isidro, Madrid');
    await page.screenshot({ path: `${SHOTS}/2-local-holidays.png`, fullPage: true, caret: 'initial' });
    expect(errors).toEqual([]);
    await context.close();

    const lucia = addCounsellor(cp.id);
    const kase = makeCase(server.db, { contactPointId: cp.id, createdBy: lucia.id, jurisdictionCountry: 'ES', caseTypes: ['dismissal_retaliation'] }, server.clock.now());
    const counsellor = await (await browser.newContext()).newPage();
    const counsellorErrors = watchConsole(counsellor);
    await signInAs(counsellor, server.url, lucia.email);
    await counsellor.goto(`${server.url}/cases/${kase.id}/deadlines`);
    await counsellor.getByLabel('Date the dismissal took effect').fill('2026-05-05');
    await counsellor.getByRole('button', { name: 'Save dates and compute' }).click();
    const proposal = counsellor.getByRole('article').filter({ hasText: 'Test limit counting local holidays' });
    // 10 days after 5 May is Friday 15 May, San Isidro: moved past the weekend to Monday 18 May.
    await proposal.locator('time[datetime="2026-05-18"]').waitFor();
    const text = (await proposal.textContent()) ?? '';
    expect(text).toContain('15 May 2026 is San Isidro, Madrid, a local holiday of the contact point');
    expect(text).toContain('Business days counted in: Community of Madrid (ES-MD).');
    await counsellor.screenshot({ path: `${SHOTS}/3-case-moved-date.png`, fullPage: true, caret: 'initial' });
    expect(counsellorErrors).toEqual([]);
    await counsellor.context().close();
  });

  it('the calculator offers the rule country’s regions and says which one it counted', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = watchConsole(page);
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/deadlines/calculator?rule=au-unfair-dismissal&trigger=2026-10-13`);
    await page.locator('time[datetime="2026-11-03"]').first().waitFor();
    await page.locator('#f-region').selectOption('AU-VIC');
    await page.locator('time[datetime="2026-11-04"]').first().waitFor();
    expect(new URL(page.url()).searchParams.get('region')).toBe('AU-VIC');
    await expect(page.getByText('Business days counted in: Victoria (AU-VIC).').count()).resolves.toBe(1);
    await page.screenshot({ path: `${SHOTS}/4-calculator-region.png`, fullPage: true, caret: 'initial' });
    // Another rule: the region of the rule before is not carried over (it could be another country's).
    await page.getByLabel('Rule', { exact: true }).selectOption('us-flsa');
    await page.getByLabel('Pay day on which the wages were due').waitFor();
    expect(new URL(page.url()).searchParams.get('region')).toBeNull();
    await expect(page.locator('#f-region').count()).resolves.toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the region and local holiday pages have no serious or critical accessibility violations', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await signInAs(page, server.url, 'admin@demo.test');
    const d = demo(server.db);
    for (const path of [`/admin/contact-points/${d.ldn.id}`, `/contact-points/${d.ldn.id}/holidays`, '/deadlines/calculator?rule=au-unfair-dismissal&trigger=2026-10-13&region=AU-VIC']) {
      await page.goto(`${server.url}${path}`);
      expect(await seriousA11yViolations(page), path).toEqual([]);
    }
    await context.close();
  });
});
