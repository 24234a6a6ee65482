/**
 * Issue 14's acceptance: a French counsellor signs in and does intake → deadline → letter → referral entirely in
 * French; an Arabic-speaking counsellor does the same in Arabic, right to left; every page passes axe. Forms are driven
 * by ids and names, never by their (translated) labels. On every page: <html lang dir>, no English sentence of the UI
 * catalogues nor of the rule catalogue in the main content, no serious or critical axe violation, no console error.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES, TRIGGER_FIELDS } from '../../src/deadlines/rules.data.js';
import { catalogueTexts, ruleExplanation, ruleTextIn } from '../../src/deadlines/rule-text.js';
import { deadlineTexts } from '../../src/deadlines/step-text.js';
import { translator } from '../../src/i18n/index.js';
import { partners } from '../../src/partners/partners.table.js';
import { userContactPoints, users } from '../../src/users/users.table.js';
import { launchBrowser, seriousA11yViolations, startServer } from '../helpers/browser.js';
import { demo } from '../helpers/factories.js';

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let partnerId: number;

const LOCALES = fileURLToPath(new URL('../../src/i18n/locales/', import.meta.url));
const PARTNER = 'Doctors of the World UK'; // works in French and Arabic, in the case's country

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const d = demo(server.db);
  // Amira Haddad (the demo counsellor at the London desk) reads Arabic; a French-speaking colleague joins the same desk.
  server.db.update(users).set({ locale: 'ar' }).where(eq(users.id, d.counsellor.id)).run();
  server.db.transaction((tx) => {
    tx.insert(users)
      .values({
        id: 'camille-laurent',
        email: 'conseillere@demo.test',
        displayName: 'Camille Laurent',
        role: 'counsellor',
        locale: 'fr',
        languages: ['fr', 'en'],
        passwordHash: d.counsellor.passwordHash,
        passwordChangedAt: d.counsellor.passwordChangedAt,
        createdAt: server.clock.now(),
      })
      .run();
    tx.insert(userContactPoints).values({ userId: 'camille-laurent', contactPointId: d.ldn.id }).run();
  });
  partnerId = server.db.select().from(partners).where(eq(partners.name, PARTNER)).get()!.id;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

type Json = { [k: string]: Json } | string;

/**
 * The English sentences of the UI a reader of `lang` must never see: every leaf of src/i18n/locales/en/*.json of 20 or
 * more characters, without {{variables}}, whose value in `lang` differs (a word both languages share is no leak).
 */
function englishSentences(lang: string): { key: string; text: string }[] {
  const out: { key: string; text: string }[] = [];
  const walk = (en: Json, other: Json | undefined, key: string) => {
    if (typeof en === 'string') {
      if (en.length >= 20 && !/\{\{/.test(en) && en !== other) out.push({ key, text: en });
      return;
    }
    for (const [k, v] of Object.entries(en)) walk(v, typeof other === 'object' ? other[k] : undefined, `${key}.${k}`);
  };
  for (const file of readdirSync(`${LOCALES}en`).filter((f) => f.endsWith('.json'))) {
    const read = (l: string) => JSON.parse(readFileSync(`${LOCALES}${l}/${file}`, 'utf8')) as Json;
    walk(read('en'), read(lang), `en/${file.replace(/\.json$/, '')}`);
  }
  return out;
}

/** Where a rule catalogue text comes from: `uk-et-wages.explanation`, `trigger last_deduction_date.label`. */
function ruleTextSource(text: string): string {
  for (const r of RULES) {
    for (const [field, value] of Object.entries(r)) if (value === text) return `rules.data.ts ${r.id}.${field}`;
    for (const [field, value] of Object.entries(r.alternativePeriod ?? {})) if (value === text) return `rules.data.ts ${r.id}.alternativePeriod.${field}`;
  }
  for (const f of TRIGGER_FIELDS) for (const [field, value] of Object.entries(f)) if (value === text) return `rules.data.ts trigger ${f.id}.${field}`;
  return 'rules.data.ts';
}

/** The rule catalogue's English texts (titles, explanations, notes, field labels) that have a translation into `lang`. */
function englishRuleTexts(lang: string): { key: string; text: string }[] {
  return [...catalogueTexts(lang)].filter((text) => text.length >= 20 && ruleTextIn(text, lang) !== text).map((text) => ({ key: ruleTextSource(text), text }));
}

/** Console errors, except the status line Chromium logs for a 4xx answer (none is expected here, but it is no script error). */
function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) errors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  return errors;
}

/** Where the navigation's ends and the main content's first block sit, as in rtl.test.ts. */
async function layout(page: Page) {
  return page.evaluate(() => {
    const box = (el: Element | null) => (el ? el.getBoundingClientRect() : null);
    const navItems = Array.from(document.querySelectorAll('.mainnav li'));
    const main = document.querySelector('main');
    const firstBlock = main?.querySelector(':scope > :not(#flash):not(script):not(style):not([hidden])') ?? null;
    return {
      firstNav: box(navItems[0] ?? null),
      lastNav: box(navItems[navItems.length - 1] ?? null),
      main: box(main),
      mainDirection: main ? getComputedStyle(main).direction : '',
      mainPaddingEnd: main ? parseFloat(getComputedStyle(main).paddingInlineEnd) : 0,
      firstBlock: box(firstBlock),
      innerWidth: window.innerWidth,
      scrollWidth: document.scrollingElement!.scrollWidth,
    };
  });
}

/**
 * The text a reader sees in main, every <details> opened (a closed one is a click away), then closed again as it was —
 * except the rule explanation's English original, which a translated explanation offers on purpose (lang="en").
 */
async function mainText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const main = document.querySelector('main')!;
    const closed = Array.from(main.querySelectorAll('details:not([open]):not(.explanation-original)')) as HTMLDetailsElement[];
    for (const d of closed) d.open = true;
    const text = main.innerText;
    for (const d of closed) d.open = false;
    return text;
  });
}

const flows = [
  {
    lang: 'fr',
    dir: 'ltr',
    email: 'conseillere@demo.test',
    person: 'Aminata Diallo',
    nationality: 'SN',
    phone: '+44 7700 900 314',
    caseType: 'unlawful_deductions',
    summary: 'Nettoyage de bureaux par une agence : deux mois de salaire impayés et des « frais d’uniforme » retenus sur la paie.',
    employer: 'Propreté Express Ltd',
    ruleId: 'uk-et-wages',
    trigger: 'last_deduction_date',
    triggerDate: '2026-10-02',
    limit: '2027-01-01', // 3 months less one day (ERA 1996 s.23(2))
    reason: 'Elle a besoin de soins et d’un accompagnement en français pendant la procédure.',
    request: 'Merci de la recevoir en consultation et de nous dire quand elle peut venir.',
  },
  {
    lang: 'ar',
    dir: 'rtl',
    email: 'counsellor@demo.test',
    person: 'يوسف بن علي',
    nationality: 'MA',
    phone: '+44 7700 900 628',
    caseType: 'dismissal_retaliation',
    summary: 'فُصل من عمله في مستودع بعد أن طالب بأجر الساعات الإضافية، دون إشعار ودون دفع آخر أجر.',
    employer: 'Northgate Logistics Ltd',
    ruleId: 'uk-et-unfair-dismissal',
    trigger: 'dismissal_date',
    triggerDate: '2026-11-20',
    limit: '2027-02-19', // 3 months less one day (ERA 1996 s.111(2))
    reason: 'يحتاج إلى رعاية صحية ودعم باللغة العربية بعد فصله من العمل.',
    request: 'نرجو استقباله في موعد قريب وإبلاغنا بالتاريخ.',
  },
] as const;

describe.each(flows)('a counsellor working in $lang ($dir)', (flow) => {
  const { lang, dir } = flow;
  const rule = RULES.find((r) => r.id === flow.ruleId)!;
  const titleIn = ruleTextIn(rule.title, lang);
  const forbidden = [...englishSentences(lang), ...englishRuleTexts(lang)];
  const visited: string[] = [];
  let context: BrowserContext;
  let page: Page;
  let consoleErrors: string[];
  let caseId: number;

  beforeAll(async () => {
    // bypassCSP: axe is injected as a script, which the CSP (rightly) refuses. The browser asks for the language too.
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true, locale: lang });
    page = await context.newPage();
    // A step that cannot find its element fails in seconds, not after the test's whole budget.
    page.setDefaultTimeout(10_000);
    consoleErrors = watchConsole(page);
  });
  afterAll(async () => {
    await context?.close();
  });

  /** What a reader of this page notices: its language and direction, no English, the layout's side, axe. */
  async function expectPageIn(what: string) {
    const where = `${lang} ${what} (${new URL(page.url()).pathname})`;
    visited.push(what);
    await expect.soft(page.locator('html').getAttribute('lang'), where).resolves.toBe(lang);
    await expect.soft(page.locator('html').getAttribute('dir'), where).resolves.toBe(dir);
    const text = await mainText(page);
    expect(text.trim().length, where).toBeGreaterThan(0);
    const english = forbidden.filter((s) => text.includes(s.text)).map((s) => `${s.key}: ${s.text}`);
    expect.soft(english, `English on ${where}`).toEqual([]);
    const l = await layout(page);
    expect.soft(l.scrollWidth, `${where} scrolls sideways`).toBeLessThanOrEqual(l.innerWidth);
    expect.soft(l.mainDirection, where).toBe(dir);
    // The navigation reads from the start side (the sign-in page has none): in Arabic its first item stands right of its last.
    if (l.firstNav && l.lastNav && Math.abs(l.firstNav.top - l.lastNav.top) < 2) {
      const inOrder = dir === 'rtl' ? l.firstNav.left > l.lastNav.left : l.firstNav.left < l.lastNav.left;
      expect.soft(inOrder, `${where}: the navigation runs from the ${dir === 'rtl' ? 'right' : 'left'}`).toBe(true);
    }
    // The content's first block starts at the start side of main's content box (a centred card, the sign-in form, at neither).
    if (l.main && l.firstBlock) {
      const contentStart = l.main.left + l.mainPaddingEnd;
      const contentEnd = l.main.right - l.mainPaddingEnd;
      const off = dir === 'rtl' ? Math.abs(l.firstBlock.right - contentEnd) : Math.abs(l.firstBlock.left - contentStart);
      const centred = Math.abs(l.firstBlock.left - contentStart - (contentEnd - l.firstBlock.right)) < 2;
      expect.soft(off <= 2 || centred, `${where}: the first block starts at the ${dir === 'rtl' ? 'right' : 'left'} (${off}px off)`).toBe(true);
    }
    const violations = await seriousA11yViolations(page);
    expect.soft(
      violations.map((v) => `${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      `axe on ${where}`,
    ).toEqual([]);
    return text;
  }

  it('signs in in the language, with the sign-in page in it too', async () => {
    // The lists the pages are checked against hold what they should (a broken walk would check nothing).
    expect(forbidden.find((s) => s.key === 'en/intake.find.lead')?.text).toMatch(/^Many people come back/);
    expect(forbidden.find((s) => s.key === `rules.data.ts ${flow.ruleId}.title`)?.text).toBe(rule.title);
    await page.goto(`${server.url}/login`);
    await expectPageIn('sign-in');
    await page.locator('input[name="email"]').fill(flow.email);
    await page.locator('input[type="password"]').fill('demo-password');
    await page.locator('main form button[type="submit"]').first().click();
    await page.waitForURL(`${server.url}/`);
    await expectPageIn('dashboard');
  });

  it('does an intake: finds no one, records the person with consent and languages, opens a UK case at the London desk', async () => {
    await page.locator('.mainnav a[href="/cases/new"]').click();
    await page.waitForURL(`${server.url}/cases/new`);
    await expectPageIn('intake: find the person');

    // The results follow the typing (htmx), without leaving the page.
    await page.locator('#q').pressSequentially(flow.person, { delay: 20 });
    const newPerson = page.locator('#person-results a[href="/cases/new/person"]');
    await newPerson.waitFor();
    await expect(page.locator('#person-results').textContent()).resolves.toContain(flow.person);
    await expectPageIn('intake: no one found');

    await newPerson.click();
    await page.waitForURL(`${server.url}/cases/new/person`);
    await expectPageIn('intake: person form');
    for (const scope of ['store', 'share_with_partners', 'anonymised_statistics'])
      await page.locator(`input[name="consentScopes"][value="${scope}"]`).check();
    await page.locator('#f-name').fill(flow.person);
    await page.locator('#f-preferredLanguage').selectOption(lang);
    await page.locator('#f-nationality').selectOption(flow.nationality);
    await page.locator('details.more-languages > summary').click();
    await page.locator('input[name="languages"][value="en"]').check();
    await page.locator('#f-phone').fill(flow.phone);
    await page.locator('form[action="/cases/new/person"] > button[type="submit"]').click();
    await page.waitForURL(/\/cases\/new\/case\?person=\d+$/);

    await expectPageIn('intake: case form');
    await expect(page.locator('#person-heading').textContent()).resolves.toContain(flow.person);
    await expect(page.locator('#f-jurisdictionCountry').inputValue()).resolves.toBe('GB');
    await page.locator(`input[name="caseTypes"][value="${flow.caseType}"]`).check();
    await page.locator('#f-sector').selectOption('cleaning');
    await page.locator('#f-summary').fill(flow.summary);
    await page.locator('#f-employmentStart').fill('2025-03-03');
    await page.locator('#f-employmentEnd').fill(flow.triggerDate);
    await page.locator('#f-amountClaimed').fill('1480.50');
    await page.locator('#f-currency').selectOption('GBP');
    await page.locator('form[action="/cases/new/case"] > button[type="submit"]').click();
    await page.waitForURL(/\/cases\/\d+\?notice=created$/);
    caseId = Number(new URL(page.url()).pathname.split('/').pop());
    const reference = (server.db.$client.prepare('select reference from cases where id = ?').get(caseId) as { reference: string }).reference;
    await expect(page.locator('main').textContent()).resolves.toContain(reference);
    // The case page's sections arrive with htmx: waited for before reading the page.
    await page.locator('#case-documents .cardhead').waitFor();
    await expectPageIn('case page');

    // The employer, as a party of the case.
    await page.locator(`main a[href="/cases/${caseId}/parties/new"]`).first().click();
    await page.waitForURL(`${server.url}/cases/${caseId}/parties/new`);
    await expectPageIn('parties of the case');
    const form = page.locator(`form[action="/cases/${caseId}/parties"]:has(#f-name)`);
    await form.locator('#f-name').fill(flow.employer);
    await form.locator('#f-kind').selectOption('employer');
    await form.locator('#f-country').fill('GB');
    await form.locator('#f-address').fill('Unit 4, Riverside Estate\nLondon E16 2QA');
    await form.locator('#f-role').selectOption('employer');
    await form.locator('button[type="submit"]').click();
    await page.waitForURL(`${server.url}/cases/${caseId}?notice=partyLinked#case-parties`);
    await page.locator('#case-documents .cardhead').waitFor();
    await expect(page.locator('main').textContent()).resolves.toContain(flow.employer);
    await expectPageIn('case page with its employer');
  });

  it('enters the trigger date, sees the proposed tribunal deadline with its steps, and confirms it', async () => {
    await page.goto(`${server.url}/cases/${caseId}/deadlines`);
    await expectPageIn('case deadlines');
    await page.locator(`#t-${flow.trigger}`).fill(flow.triggerDate);
    await page.locator('#case-deadlines form[action$="/deadlines/triggers"] button[type="submit"]').click();
    const proposal = page.locator(`article[aria-labelledby="proposal-${flow.ruleId}-h"]`);
    // The proposal comes with the htmx answer: waited for.
    await proposal.locator(`h4 time[datetime="${flow.limit}"]`).waitFor();
    await expect(proposal.locator('h4').textContent()).resolves.toContain(titleIn);
    await expect(proposal.locator('ol > li').count()).resolves.toBeGreaterThan(0);
    const proposed = await expectPageIn('case deadlines with the proposal');
    expect(titleIn).not.toBe(rule.title);
    expect(proposed).toContain(titleIn);
    expect(proposed).not.toContain(rule.title);
    // The rule's explanation, translated from the reviewed English (which stays one click away, marked lang="en").
    const explanation = ruleExplanation(rule, lang);
    expect(explanation).toMatchObject({ lang, translated: true });
    expect(proposed).toContain(explanation.text);

    await proposal.locator('form[action$="/confirm"] button[type="submit"]').click();
    const confirmed = page.locator('#case-deadlines li.card').filter({ has: page.locator(`time[datetime="${flow.limit}"]`) });
    await confirmed.waitFor();
    await expect(page.locator('#case-deadlines [role="status"]').textContent()).resolves.toBe(translator(lang).t('deadlines.case.notice.confirmed'));
    // htmx swapped the section in place.
    await expect(page.locator('#case-deadlines').count()).resolves.toBe(1);
    expect(new URL(page.url()).pathname).toBe(`/cases/${caseId}/deadlines`);
    const after = await expectPageIn('case deadlines, confirmed');
    await expect(confirmed.locator('bdi').first().textContent()).resolves.toBe(titleIn);
    expect(after).not.toContain(rule.title);

    // Each step of the computation in the reader's words, never the engine's English sentence.
    const stored = server.db.$client.prepare('select steps from deadlines where case_id = ? and rule_id = ?').get(caseId, flow.ruleId) as { steps: string };
    const steps = JSON.parse(stored.steps) as Parameters<ReturnType<typeof deadlineTexts>['step']>[0][];
    expect(steps.length).toBeGreaterThan(0);
    const dl = deadlineTexts(translator(lang, 'GB', 'Europe/London'));
    const shown = (await confirmed.locator('details ol > li').allTextContents()).map((s) => s.trim());
    expect(shown).toEqual(steps.map((s) => dl.step(s)));
    for (const s of steps) expect(after, 'an English step').not.toContain(s.text);

    // The case page lists it with its title in the language too.
    await page.goto(`${server.url}/cases/${caseId}`);
    await page.locator(`#case-deadlines time[datetime="${flow.limit}"]`).first().waitFor();
    await page.locator('#case-documents .cardhead').waitFor();
    const casePage = await expectPageIn('case page with its deadline');
    expect(casePage).toContain(titleIn);
    expect(casePage).not.toContain(rule.title);
  });

  it('generates the worker summary in the language, and it is among the case’s documents', async () => {
    await page.locator(`main a[href="/cases/${caseId}/letters"]`).first().click();
    await page.waitForURL(`${server.url}/cases/${caseId}/letters`);
    await expectPageIn('letters and documents');
    await page.locator(`main a[href="/cases/${caseId}/letters/new?kind=worker_summary"]`).first().click();
    await page.waitForURL(`${server.url}/cases/${caseId}/letters/new?kind=worker_summary`);
    // The worker summary starts in the person's first language, which is the counsellor's here.
    await expect(page.locator('#f-language').inputValue()).resolves.toBe(lang);
    await expectPageIn('worker summary form');
    await expect(page.locator('#f-personName').inputValue()).resolves.toBe(flow.person);
    // "Important dates" pre-filled with the confirmed deadline, titled in the letter's language.
    await expect(page.locator('input[name="deadlineTitle"]').first().inputValue()).resolves.toBe(titleIn);
    await expect(page.locator('input[name="deadlineDue"]').first().inputValue()).resolves.toBe(flow.limit);
    const urgentHelp = await page.locator('#f-urgentHelp').inputValue();
    expect(urgentHelp.length).toBeGreaterThan(0);
    expect(urgentHelp).not.toContain('Emergency');
    if (!(await page.locator('#f-summary').inputValue())) await page.locator('#f-summary').fill(flow.summary);
    if (!(await page.locator('#f-counsellorName').inputValue())) await page.locator('#f-counsellorName').fill('Desk');
    // Asked first, in the counsellor's language: is it safe for the worker to keep this paper?
    await page.locator('input[name="safeToKeep"]').check();

    await page.locator('#letter-form .letterform__actions button[type="submit"]:not([formaction])').click();
    await page.waitForURL(new RegExp(`/cases/${caseId}/letters\\?generated=\\d+$`));
    const list = await expectPageIn('documents, summary generated');
    expect(list).toContain(translator(lang).t('letters.kinds.worker_summary'));
    const row = page.locator('table.doclist tbody tr').first();
    await expect(row.locator('[data-document-language]').getAttribute('lang')).resolves.toBe(lang);
    await expect(row.locator(`a[href^="/cases/${caseId}/documents/"]`).count()).resolves.toBe(1);

    // The case page's documents card names it.
    await page.goto(`${server.url}/cases/${caseId}`);
    await page.locator(`#case-documents a[href^="/cases/${caseId}/documents/"]`).waitFor();
    await expectPageIn('case page with its document');
  });

  it('refers the case to a partner that works in the language, and sends it', async () => {
    await page.goto(`${server.url}/cases/${caseId}/referrals`);
    await expectPageIn('referrals of the case');
    await page.locator(`main a[href="/cases/${caseId}/referrals/new"]`).click();
    await page.waitForURL(`${server.url}/cases/${caseId}/referrals/new`);
    await expectPageIn('new referral');
    // The partner is among those fitting the case: its country, the person's language.
    await page.locator('#f-partnerId').selectOption(String(partnerId));
    await page.locator('#f-reason').fill(flow.reason);
    await page.locator('#f-request').fill(flow.request);
    await page.locator('#f-followUpOn').fill('2026-12-08');
    // Nothing is pre-ticked: the counsellor chooses what leaves the union.
    await page.locator('input[name="sharedFields"][value="caseSummary"]').check();
    await page.locator('button[name="intent"][value="send"]').click();
    await page.waitForURL(/\/referrals\/\d+\?notice=sent$/);
    const shown = await expectPageIn('referral sent');
    expect(shown).toContain(PARTNER);
    await expect(page.locator('#partner-view').textContent()).resolves.toContain(flow.reason);

    await page.goto(`${server.url}/referrals`);
    await expect(page.locator('#referral-table').textContent()).resolves.toContain(PARTNER);
    await expectPageIn('referrals of the desk');
  });

  it('every step was seen in the language, without a console error, and the records are stored', () => {
    expect(visited.length).toBeGreaterThanOrEqual(18);
    expect(consoleErrors).toEqual([]);
    const db = server.db.$client;
    const kase = db.prepare('select c.*, cp.ref_prefix from cases c join contact_points cp on cp.id = c.contact_point_id where c.id = ?').get(caseId) as Record<string, unknown>;
    expect(kase).toMatchObject({ ref_prefix: 'LDN', jurisdiction_country: 'GB', summary: flow.summary, amount_claimed_minor: 148050, currency: 'GBP', employment_start: '2025-03-03' });
    expect(String(kase.reference)).toMatch(/^LDN-\d{4}-\d{5}$/);
    expect(db.prepare('select case_type from case_types where case_id = ?').all(caseId)).toEqual([{ case_type: flow.caseType }]);
    const person = db.prepare('select name, preferred_language, languages, nationality from people where id = ?').get(kase.person_id) as Record<string, unknown>;
    expect(person).toMatchObject({ name: flow.person, preferred_language: lang, nationality: flow.nationality });
    expect(JSON.parse(String(person.languages))).toEqual([lang, 'en']);
    const consent = db.prepare('select scopes from consents where person_id = ?').get(kase.person_id) as { scopes: string };
    expect(JSON.parse(consent.scopes)).toEqual(expect.arrayContaining(['store', 'share_with_partners', 'anonymised_statistics']));
    const employer = db.prepare("select p.name from case_parties x join parties p on p.id = x.party_id where x.case_id = ? and x.role = 'employer'").get(caseId);
    expect(employer).toEqual({ name: flow.employer });
    const deadlines = db.prepare('select rule_id, title, due_date, trigger_field, trigger_date, status, source from deadlines where case_id = ?').all(caseId);
    // Stored in the catalogue's English (the feed, the digest and the pages translate it for each reader).
    expect(deadlines).toEqual([{ rule_id: flow.ruleId, title: rule.title, due_date: flow.limit, trigger_field: flow.trigger, trigger_date: flow.triggerDate, status: 'open', source: 'rule' }]);
    // The worker summary in the language; sending the referral stored its letter, in a language the partner works in.
    const documents = db.prepare('select kind, language, version from documents where case_id = ? order by id').all(caseId) as { kind: string; language: string; version: number }[];
    expect(documents.map((d) => d.kind)).toEqual(['worker_summary', 'referral']);
    expect(documents[0]).toEqual({ kind: 'worker_summary', language: lang, version: 1 });
    const partnerLanguages = JSON.parse((db.prepare('select languages from partners where id = ?').get(partnerId) as { languages: string }).languages) as string[];
    expect(partnerLanguages).toContain(documents[1]!.language);
    const referrals = db.prepare('select partner_id, status, reason, request, shared_fields, follow_up_on, consent_id from referrals where case_id = ?').all(caseId) as Record<string, unknown>[];
    expect(referrals).toHaveLength(1);
    expect(referrals[0]).toMatchObject({ partner_id: partnerId, status: 'sent', reason: flow.reason, request: flow.request, follow_up_on: '2026-12-08' });
    expect(referrals[0]!.consent_id).not.toBeNull();
    expect(JSON.parse(String(referrals[0]!.shared_fields)).length).toBeGreaterThan(0);
  });
});
