import { mkdirSync } from 'node:fs';
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases } from '../../src/cases/cases.table.js';
import { referrals } from '../../src/referrals/referrals.table.js';
import { users } from '../../src/users/users.table.js';
import { demo } from '../helpers/factories.js';
import { launchBrowser, seriousA11yViolations, signInAs, startServer } from '../helpers/browser.js';

/** Screenshots of every page in Arabic and French, for a person to look at (not compared by the test). */
const SHOTS = '/tmp/shots-rtl';
const WIDTHS = [1280, 390] as const;

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let caseId: number;
let personId: number;
let referralId: number;

beforeAll(async () => {
  mkdirSync(`${SHOTS}/top`, { recursive: true });
  server = await startServer({}, { seed: 'demo' });
  browser = await launchBrowser();
  const d = demo(server.db);
  const kase = server.db
    .select()
    .from(cases)
    .where(and(eq(cases.contactPointId, d.ldn.id), eq(cases.assignedTo, d.counsellor.id), isNotNull(cases.personId)))
    .orderBy(asc(cases.id))
    .get()!;
  caseId = kase.id;
  personId = kase.personId!;
  referralId = server.db.select().from(referrals).orderBy(asc(referrals.id)).get()!.id;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

type Role = 'counsellor' | 'supervisor' | 'admin';
const pagesOf = (): Record<Role, [string, string][]> => ({
  counsellor: [
    ['dashboard', '/'],
    ['cases', '/cases'],
    ['case', `/cases/${caseId}`],
    ['timeline', `/cases/${caseId}/timeline`],
    ['case-deadlines', `/cases/${caseId}/deadlines`],
    ['deadlines', '/deadlines'],
    ['calculator', '/deadlines/calculator'],
    ['intake', '/cases/new'],
    ['person', `/people/${personId}`],
    ['referrals', '/referrals'],
    ['referral', `/referrals/${referralId}`],
    ['parties', '/parties'],
    ['letters', `/cases/${caseId}/letters`],
    ['account', '/account'],
  ],
  supervisor: [
    ['dashboard', '/'],
    ['supervision', '/supervision'],
    ['reports', '/reports'],
  ],
  admin: [
    ['users', '/admin/users'],
    ['contact-points', '/admin/contact-points'],
    ['rules', '/admin/rules'],
  ],
});

function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** What a reader of the page notices about its direction and width. */
async function layout(page: Page) {
  return page.evaluate(() => {
    const box = (el: Element | null) => (el ? el.getBoundingClientRect() : null);
    const navItems = Array.from(document.querySelectorAll('.mainnav li'));
    const main = document.querySelector('main');
    const firstBlock = main?.querySelector(':scope > :not(#flash)') ?? null;
    return {
      lang: document.documentElement.lang,
      dir: document.documentElement.dir,
      innerWidth: window.innerWidth,
      scrollWidth: document.scrollingElement!.scrollWidth,
      // An isolated value escaped twice would show its tag as text.
      tagAsText: document.body.innerText.includes('<bdi'),
      firstNav: box(navItems[0] ?? null),
      lastNav: box(navItems[navItems.length - 1] ?? null),
      brand: box(document.querySelector('.brand')),
      main: box(main),
      mainPaddingEnd: main ? parseFloat(getComputedStyle(main).paddingInlineEnd) : 0,
      firstBlock: box(firstBlock),
    };
  });
}

async function setLocale(locale: string) {
  for (const email of ['counsellor@demo.test', 'supervisor@demo.test', 'admin@demo.test'])
    server.db.update(users).set({ locale }).where(eq(users.email, email)).run();
}

/** Where the pieces of an element sit on screen: its text runs and the <bdi> children, left to right. */
async function pieces(page: Page, selector: string) {
  return page.locator(selector).first().evaluate((el) => {
    const parts = Array.from(el.querySelectorAll('bdi, time')).map((node) => {
      const r = node.getClientRects()[0]!;
      return { text: node.textContent!.trim(), left: r.left, top: r.top };
    });
    return { html: el.innerHTML, parts };
  });
}

/** A phone number reads left to right: its first character (the plus) stands left of its last digit. */
async function expectLeftToRight(locator: ReturnType<Page['locator']>) {
  const phone = await locator.evaluate((el) => {
    const text = el.firstChild as Text;
    const at = (i: number) => {
      const r = document.createRange();
      r.setStart(text, i);
      r.setEnd(text, i + 1);
      return r.getBoundingClientRect().left;
    };
    return { text: text.data, first: at(0), last: at(text.data.length - 1) };
  });
  expect(phone.text).toMatch(/^\+\d/);
  expect(phone.first).toBeLessThan(phone.last);
}

describe('names and references inside Arabic text keep their order', () => {
  it('a Latin name, a case reference and a date each stay whole and in the reading order, right to left', async () => {
    await setLocale('ar');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await signInAs(page, server.url, 'counsellor@demo.test');
    // "مرحبًا، Amira Haddad": the name is isolated, so the comma stays with the greeting.
    const h1 = page.locator('main h1');
    await expect(h1.locator('bdi').textContent()).resolves.toBe('Amira Haddad');
    await expect(page.locator('.whoami__name bdi').textContent()).resolves.toBe('Amira Haddad');
    // A deadline line reads date · reference · name from the right: the date rightmost, the name leftmost.
    // (On one line, however narrow the column, so that the order shows: what wraps wraps in logical order either way.)
    await page.addStyleTag({ content: '.deadline-panels li > div { white-space: nowrap; }' });
    const line = await pieces(page, '.deadline-panels li > div');
    expect(line.html).toMatch(/<bdi>[A-Z]{3}-\d{4}-\d{5}<\/bdi>/);
    // In the source: the date, the reference, the name. On screen, on one line: the date right of the reference.
    const [date, ref, name] = line.parts;
    expect(date!.text).toMatch(/\d{4}/);
    expect(ref!.text).toMatch(/^[A-Z]{3}-\d{4}-\d{5}$/);
    expect(name!.text).toMatch(/[A-Za-z]/);
    expect(Math.abs(date!.top - ref!.top)).toBeLessThan(2);
    expect(date!.left).toBeGreaterThan(ref!.left);
    expect(Math.abs(name!.top - ref!.top)).toBeLessThan(2);
    expect(ref!.left).toBeGreaterThan(name!.left);
    // The case page: the timeline says who did what with the name isolated, and the person's phone reads left to right.
    await page.goto(`${server.url}/cases/${caseId}`);
    await expect(page.locator('.event__what bdi').first().textContent()).resolves.toMatch(/[A-Za-z]/);
    // The timeline's line and dots run down the right: an entry stands inside the line, with room for its dot.
    const gap = await page.locator('.timeline').first().evaluate((ol) => ol.getBoundingClientRect().right - ol.querySelector('.event')!.getBoundingClientRect().right);
    expect(gap).toBeGreaterThanOrEqual(16);
    await page.locator('.timeline').first().screenshot({ path: `${SHOTS}/top/ar-bidi-timeline.png` });
    await page.goto(`${server.url}/people/${personId}`);
    const phone = page.locator('bdi[dir="ltr"]').first();
    // "+44 7700 900…" reads left to right: its first character (the plus) stands left of its last digit.
    await expectLeftToRight(phone);
    // So does the phone number in what a partner receives.
    await page.goto(`${server.url}/referrals/${referralId}`);
    await expectLeftToRight(page.locator('#partner-view bdi[dir="ltr"]').first());
    await page.screenshot({ path: `${SHOTS}/top/ar-bidi-person.png`, caret: 'initial' });
    await context.close();
  });
});

describe('a report chart in Arabic', () => {
  it('mirrors: its labels stand right of the axis and the bars grow leftwards, each value beside its bar', async () => {
    await setLocale('ar');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signInAs(page, server.url, 'supervisor@demo.test');
    await page.goto(`${server.url}/reports`);
    const chart = page.locator('.chart svg').first();
    await chart.screenshot({ path: `${SHOTS}/top/ar-bidi-chart.png` });
    const geometry = await chart.evaluate((svg) => {
      const box = (el: Element) => el.getBoundingClientRect();
      const labels = Array.from(svg.querySelectorAll('text[text-anchor="end"]')).map(box);
      const bars = Array.from(svg.querySelectorAll('g rect')).filter((r) => !r.closest('pattern')).map(box);
      const axis = box(svg.querySelector(':scope > g > line')!);
      return { labelsLeft: Math.min(...labels.map((b) => b.left)), barsRight: Math.max(...bars.map((b) => b.right)), barsLeft: Math.min(...bars.map((b) => b.left)), axis: axis.left, svgRight: box(svg).right };
    });
    expect(geometry.labelsLeft).toBeGreaterThanOrEqual(geometry.axis);
    expect(geometry.barsRight).toBeLessThanOrEqual(geometry.axis + 1);
    expect(geometry.barsLeft).toBeLessThan(geometry.axis);
    await context.close();
  });
});

describe.each(['ar', 'fr'] as const)('the UI in %s in a browser', (locale) => {
  const rtl = locale === 'ar';

  it('every main page of each role is laid out in the language’s direction, fits a phone and passes axe', async () => {
    await setLocale(locale);
    const failures: string[] = [];
    const roles: [Role | 'visitor', [string, string][]][] = [['visitor', [['sign-in', '/login']]], ...(Object.entries(pagesOf()) as [Role, [string, string][]][])];
    for (const [role, list] of roles) {
      // Before sign-in the browser's language decides; after it, the account's.
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true, locale });
      const page = await context.newPage();
      const errors = watchConsole(page);
      if (role !== 'visitor') {
        await page.goto(`${server.url}/login`);
        await page.locator('#f-email, input[name="email"]').first().fill(`${role}@demo.test`);
        await page.locator('input[type="password"]').fill('demo-password');
        await page.locator('form button[type="submit"]').first().click();
        await page.waitForURL(`${server.url}/`);
      }
      for (const [name, path] of list) {
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 900 });
          const response = await page.goto(`${server.url}${path}`);
          expect(response?.status(), `${role} ${path}`).toBe(200);
          await page.screenshot({ path: `${SHOTS}/${locale}-${role}-${name}-${width}.png`, fullPage: true, caret: 'initial' });
          // The top of the page again, at full size, for a person to read.
          await page.screenshot({ path: `${SHOTS}/top/${locale}-${role}-${name}-${width}.png`, caret: 'initial' });
          const l = await layout(page);
          const where = `${locale} ${role} ${name} at ${width}px`;
          expect(l.lang, where).toBe(locale);
          expect(l.dir, where).toBe(rtl ? 'rtl' : 'ltr');
          if (l.tagAsText) failures.push(`${where}: shows "<bdi" as text`);
          // Nothing scrolls sideways, on a phone or a desktop.
          if (l.scrollWidth > l.innerWidth) failures.push(`${where}: scrolls sideways (${l.scrollWidth} > ${l.innerWidth})`);
          // The navigation reads from the start side: in Arabic its first item stands right of its last (on the same line).
          if (l.firstNav && l.lastNav && Math.abs(l.firstNav.top - l.lastNav.top) < 2) {
            const inOrder = rtl ? l.firstNav.left > l.lastNav.left : l.firstNav.left < l.lastNav.left;
            if (!inOrder) failures.push(`${where}: the navigation runs the wrong way`);
          }
          // The brand and the page's first block start at the start side.
          if (rtl && l.brand && l.brand.left < l.innerWidth / 2) failures.push(`${where}: the brand is not on the right`);
          if (l.main && l.firstBlock) {
            const contentEnd = l.main.right - l.mainPaddingEnd;
            const contentStart = l.main.left + l.mainPaddingEnd;
            const off = rtl ? Math.abs(l.firstBlock.right - contentEnd) : Math.abs(l.firstBlock.left - contentStart);
            // A narrow card in the middle (the sign-in page) starts nowhere: it is centred.
            const centred = Math.abs(l.firstBlock.left - contentStart - (contentEnd - l.firstBlock.right)) < 2;
            if (off > 2 && !centred) failures.push(`${where}: the first block does not start at the ${rtl ? 'right' : 'left'} (${off}px off)`);
          }
        }
        await page.setViewportSize({ width: 1280, height: 900 });
        await page.goto(`${server.url}${path}`);
        const violations = await seriousA11yViolations(page);
        for (const v of violations) failures.push(`${locale} ${role} ${name}: axe ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      }
      expect(errors, `${role} console`).toEqual([]);
      await context.close();
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
