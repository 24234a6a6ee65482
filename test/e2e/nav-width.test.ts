import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signInAs, startServer } from '../helpers/browser.js';

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

const ROLES = ['counsellor@demo.test', 'supervisor@demo.test', 'admin@demo.test', 'coordinator@demo.test'];

/** The rows the main navigation's links sit on (their distinct offsetTop), and whether anything overflows sideways. */
async function navRows(width: number, email: string, shot?: string) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  await signInAs(page, server.url, email);
  if (shot) await page.screenshot({ path: shot });
  // On a phone the navigation and the account are in the header's menu: its height is measured closed, the rest open.
  const closedHeader = await page.evaluate(() => document.querySelector('.topbar')!.getBoundingClientRect().height);
  const menu = page.locator('.menu > summary');
  const hasMenu = await menu.isVisible();
  if (hasMenu) await menu.click();
  const shape = await page.evaluate(() => {
    const links = Array.from(document.querySelectorAll<HTMLElement>('.mainnav a'));
    return {
      labels: links.map((a) => a.textContent!.trim()),
      tops: [...new Set(links.map((a) => a.offsetTop))],
      scrollWidth: document.scrollingElement!.scrollWidth,
      innerWidth: window.innerWidth,
      // My account sits beside the user's name and sign-out, in view.
      account: (() => {
        const a = document.querySelector<HTMLElement>('.topbar a[href="/account"]');
        const r = a?.getBoundingClientRect();
        return r ? r.width > 0 && r.left >= 0 && r.right <= window.innerWidth : false;
      })(),
      headerHeight: document.querySelector('.topbar')!.getBoundingClientRect().height,
    };
  });
  await context.close();
  return { ...shape, closedHeader, hasMenu };
}

describe('the header navigation', () => {
  it.each(ROLES)('fits on one row at 1280 px for %s', async (email) => {
    const shape = await navRows(1280, email);
    expect(shape.labels.length).toBeGreaterThan(2);
    expect(shape.tops, shape.labels.join(' · ')).toHaveLength(1);
    expect(shape.scrollWidth).toBeLessThanOrEqual(shape.innerWidth);
    expect(shape.account).toBe(true);
    expect(shape.hasMenu).toBe(false);
  });

  it.each(ROLES)('on a 390 px phone, is one header line of at most 56 px whose menu opens, in view, with My account, for %s', async (email) => {
    const shape = await navRows(390, email, process.env.NAV_SHOTS ? `${process.env.NAV_SHOTS}/${email}.png` : undefined);
    expect(shape.hasMenu).toBe(true);
    expect(shape.closedHeader).toBeLessThanOrEqual(56);
    expect(shape.labels.length).toBeGreaterThan(2);
    expect(shape.scrollWidth).toBeLessThanOrEqual(shape.innerWidth);
    expect(shape.account).toBe(true);
  });
});
