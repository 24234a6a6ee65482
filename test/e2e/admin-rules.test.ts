import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { demo, makeCase } from '../helpers/factories.js';
import { launchBrowser, seriousA11yViolations, signInAs, startServer } from '../helpers/browser.js';

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let kase: { id: number; reference: string };

const SHOTS = '/tmp/shots-admin-rules';
const TITLE = 'Labour court challenge of a dismissal (ArbVG §105)';
const TRIGGER_LABEL = 'Date the notice of dismissal reached the worker';

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // The clock stands at Tuesday 24 November 2026.
  server = await startServer();
  browser = await launchBrowser();
  const d = demo(server.db);
  kase = makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, jurisdictionCountry: 'AT', caseTypes: ['dismissal_retaliation'] });
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

describe('a rule added in the browser is used at once', () => {
  it('an administrator writes the Austrian rule, previews it and saves it; a counsellor computes it and sees it proposed on an Austrian case', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await signInAs(page, server.url, 'admin@demo.test');
    await page.goto(`${server.url}/admin/rules`);
    await page.getByRole('link', { name: 'New rule' }).click();
    await page.getByRole('heading', { name: 'New deadline rule' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/01-new-rule-empty.png`, fullPage: true });

    await page.getByRole('textbox', { name: 'Title', exact: true }).fill(TITLE);
    await page.getByRole('textbox', { name: 'Rule id', exact: true }).fill('at-arbvg-kuendigungsanfechtung');
    // Choosing the country brings its regions (htmx).
    await page.getByRole('combobox', { name: 'Country', exact: true }).selectOption('AT');
    await page.locator('#f-region option[value="AT-9"]').waitFor({ state: 'attached' });
    await page.locator('#p-previewRegion option[value="AT-9"]').waitFor({ state: 'attached' });
    await page.getByLabel('Dismissal / retaliation for organising').check();
    await page.getByRole('combobox', { name: 'Trigger date', exact: true }).selectOption('dismissal_notice_received');
    await page.getByLabel('The trigger as this rule names it').fill(TRIGGER_LABEL);
    await page.getByLabel('Period', { exact: true }).fill('14');
    await page.getByLabel('Unit').selectOption('days');
    await page.getByLabel('Days after the trigger: the trigger day is not counted').check();
    await page.getByLabel('It moves to the next business day').check();
    await page.getByLabel('The law on counting days and moving last days').fill('ABGB §903');
    await page.getByRole('textbox', { name: 'In words: a last day on a weekend or public holiday', exact: true }).fill('Moved: a last day on a Saturday, Sunday or public holiday becomes the next working day (ABGB §903).');
    await page.getByRole('textbox', { name: 'Source (citation)', exact: true }).fill('ArbVG §105(4)');
    await page.getByLabel('Source web address').fill('https://www.ris.bka.gv.at/GeltendeFassung.wxe?Abfrage=Bundesnormen&Gesetzesnummer=10008329');
    await page.getByRole('textbox', { name: 'Explanation in English', exact: true }).fill('A dismissal can be challenged in the labour and social court within 14 days after the notice reached the worker.');
    await page.getByText('Explanation in other languages (optional)').click();
    await page.getByLabel('Explanation in German').fill('Eine Kündigung kann binnen 14 Tagen nach ihrem Zugang beim Arbeits- und Sozialgericht angefochten werden.');
    await page.getByLabel('To verify').fill('Secondary sources only: whether a Saturday or Good Friday moves the last day, and the works-council variants of §105(4).');
    await page.getByLabel('First trigger date').fill('1990-01-01');

    // The preview computes as soon as a date is typed, without saving.
    const preview = page.locator('#rule-preview');
    await page.locator('#p-previewTrigger').fill('2026-11-24');
    await page.locator('#p-previewTrigger').dispatchEvent('change');
    await preview.locator('time[datetime="2026-12-09"]').waitFor();
    await expect(preview.textContent()).resolves.toContain('8 December 2026 is Immaculate Conception, a public holiday in Austria: moved to Wednesday 9 December 2026 — ABGB §903');
    await page.screenshot({ path: `${SHOTS}/02-new-rule-preview.png`, fullPage: true });
    await preview.screenshot({ path: `${SHOTS}/03-preview-only.png` });
    await page.getByRole('group', { name: 'How the last day moves' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/03b-form-beside-preview.png` });
    expect(server.db.$client.prepare('select count(*) as n from rule_version_changes').get()).toEqual({ n: 0 });

    // A mistake shows in the preview, and the Preview button computes again once it is fixed.
    await page.getByLabel('Period', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Preview' }).click();
    await preview.getByText('Period: Enter the period: a whole number from 1 to 1000.').waitFor();
    await page.getByLabel('Period', { exact: true }).fill('14');
    await page.getByRole('button', { name: 'Preview' }).click();
    await preview.locator('time[datetime="2026-12-09"]').waitFor();

    await page.getByRole('button', { name: 'Save the rule' }).click();
    await page.getByText('Rule added. Counsellors can use it now').waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/rules/at-arbvg-kuendigungsanfechtung');
    await expect(page.locator('main').textContent()).resolves.toContain('Last checked on 24 November 2026 by Tom Becker.');
    await page.screenshot({ path: `${SHOTS}/04-rule-saved.png`, fullPage: true });
    await page.goto(`${server.url}/admin/rules`);
    await page.screenshot({ path: `${SHOTS}/05-rules-list.png`, fullPage: false });
    // The one refused preview (no period) answered 422, which the browser logs; nothing else went wrong.
    expect(errors.filter((e) => !e.includes('status of 422'))).toEqual([]);
    expect(errors.length).toBeLessThanOrEqual(1);
    await context.close();

    // The counsellor, at once.
    const cContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const cPage = await cContext.newPage();
    const cErrors = watchConsole(cPage);
    await signInAs(cPage, server.url, 'counsellor@demo.test');
    await cPage.goto(`${server.url}/deadlines/calculator`);
    await cPage.getByLabel('Rule', { exact: true }).selectOption({ label: TITLE });
    await cPage.getByLabel(TRIGGER_LABEL).fill('2026-11-24');
    await cPage.getByRole('button', { name: 'Compute' }).click();
    await cPage.locator('time[datetime="2026-12-09"]').first().waitFor();
    await cPage.screenshot({ path: `${SHOTS}/06-calculator.png`, fullPage: true });

    await cPage.goto(`${server.url}/cases/${kase.id}/deadlines`);
    await cPage.getByLabel(TRIGGER_LABEL).fill('2026-11-24');
    await cPage.getByRole('button', { name: 'Save dates and compute' }).click();
    const proposal = cPage.getByRole('article').filter({ hasText: TITLE });
    await proposal.locator('time[datetime="2026-12-09"]').waitFor();
    await expect(proposal.textContent()).resolves.toContain('14 days after the date the notice of dismissal reached the worker on 24 November 2026 — ArbVG §105(4)');
    await cPage.screenshot({ path: `${SHOTS}/07-case-proposal.png`, fullPage: true });
    expect(cErrors).toEqual([]);
    await cContext.close();
  });

  it('the new-rule form and its preview have no serious or critical accessibility violations', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await signInAs(page, server.url, 'admin@demo.test');
    await page.goto(`${server.url}/admin/rules/new`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    // A refused save: every field message beside its field.
    await page.getByRole('button', { name: 'Save the rule' }).click();
    await page.getByText(/There are \d+ problems with this form/).waitFor();
    await page.screenshot({ path: `${SHOTS}/08-refused-save.png`, fullPage: true });
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });

  it('without JavaScript the Preview button brings back the whole form with the result', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signInAs(page, server.url, 'admin@demo.test');
    await page.goto(`${server.url}/admin/rules/new`);
    await page.getByRole('combobox', { name: 'Country', exact: true }).selectOption('DE');
    await page.getByRole('combobox', { name: 'Trigger date', exact: true }).selectOption('dismissal_notice_received');
    await page.getByLabel('Period', { exact: true }).fill('3');
    await page.getByLabel('Unit').selectOption('weeks');
    await page.getByLabel('Weeks after the trigger: the same weekday weeks later').check();
    await page.getByLabel('It moves to the next business day').check();
    await page.getByLabel("The country's and the region's public holidays (the rule's region, or the case's)").check();
    await page.getByLabel('The law on counting days and moving last days').fill('BGB §193');
    await page.locator('#p-previewTrigger').fill('2026-05-14');
    await page.getByRole('button', { name: 'Preview' }).click();
    // The regions of Germany are listed now; Bavaria's holidays move 4 June (Corpus Christi) to 5 June.
    await page.locator('#p-previewRegion').selectOption('DE-BY');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.locator('#rule-preview time[datetime="2026-06-05"]').waitFor();
    await expect(page.getByLabel('Period', { exact: true }).inputValue()).resolves.toBe('3');
    await page.screenshot({ path: `${SHOTS}/09-preview-without-js.png`, fullPage: true });
    expect(server.db.$client.prepare("select count(*) as n from rule_version_changes where rule_id like 'de-%'").get()).toEqual({ n: 0 });
    await context.close();
  });
});
