import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, seriousA11yViolations, signInAs, startServer } from '../helpers/browser.js';

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  server = await startServer({}, { seed: 'demo' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const one = <T>(sql: string, ...params: unknown[]) => server.db.$client.prepare(sql).get(...params) as T;

describe('the party picker in a browser', () => {
  it('a counsellor finds a party as they type, sees how many cases name it, and links it to a case', async () => {
    // A London demo case that does not name the care agency yet.
    const kase = one<{ id: number; reference: string }>(
      `select c.id, c.reference from cases c join contact_points cp on cp.id = c.contact_point_id
       where cp.ref_prefix = 'LDN' and c.person_id is not null and c.id not in
         (select case_id from case_parties x join parties p on p.id = x.party_id where p.name = 'Silverleaf Homecare Ltd')
       order by c.id desc limit 1`,
    );
    const context = await browser.newContext();
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/cases/${kase.id}/parties/new`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(`Parties of ${kase.reference}`);

    // Typing is enough: the matches arrive without submitting the form, and the URL stays.
    await page.getByLabel('Search by name or registration number').pressSequentially('silverl', { delay: 30 });
    const match = page.locator('.party-result', { hasText: 'Silverleaf Homecare Ltd' });
    await match.waitFor();
    await expect(match.textContent()).resolves.toContain('Named in 3 cases');
    expect(new URL(page.url()).pathname).toBe(`/cases/${kase.id}/parties/new`);

    await match.getByRole('combobox').selectOption('employer');
    await match.getByRole('button', { name: 'Link to this case: Silverleaf Homecare Ltd' }).click();
    await page.waitForURL(`${server.url}/cases/${kase.id}?notice=partyLinked#case-parties`);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('The party has been linked to the case.');
    const link = one<{ role: string }>(
      "select x.role from case_parties x join parties p on p.id = x.party_id where x.case_id = ? and p.name = 'Silverleaf Homecare Ltd'",
      kase.id,
    );
    expect(link.role).toBe('employer');

    // The party page now counts one more case.
    await page.goto(`${server.url}/parties`);
    await page.getByRole('link', { name: 'Silverleaf Homecare Ltd' }).click();
    await expect(page.locator('.party-count').textContent()).resolves.toContain('Named in 4 cases');
    await expect(page.getByRole('link', { name: kase.reference }).count()).resolves.toBe(1);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('the register filters live and the address bar follows', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/parties`);
    await page.getByLabel('Search by name or registration number').pressSequentially('bright f', { delay: 30 });
    await page.waitForURL(/\/parties\?q=bright(\+|%20)f/);
    await expect(page.locator('#party-table tbody tr').count()).resolves.toBe(1);
    await expect(page.locator('#party-table').textContent()).resolves.toContain('Bright Future Recruitment Ltd');
    await context.close();
  });

  it('the party pages have no serious or critical accessibility violations', async () => {
    const agency = one<{ id: number }>("select id from parties where name = 'Bright Future Recruitment Ltd'");
    const kase = one<{ id: number }>("select c.id from cases c join contact_points cp on cp.id = c.contact_point_id where cp.ref_prefix = 'LDN' order by c.id limit 1");
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await signInAs(page, server.url, 'counsellor@demo.test');
    for (const path of ['/parties', `/parties/${agency.id}`, `/parties/${agency.id}/edit`, `/cases/${kase.id}/parties/new?q=bright`]) {
      await page.goto(server.url + path);
      expect(await seriousA11yViolations(page), path).toEqual([]);
    }
    await context.close();
  });
});
