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
  return shape;
}

describe('the header navigation', () => {
  it.each(ROLES)('fits on one row at 1280 px for %s', async (email) => {
    const shape = await navRows(1280, email);
    expect(shape.labels.length).toBeGreaterThan(2);
    expect(shape.tops, shape.labels.join(' · ')).toHaveLength(1);
    expect(shape.scrollWidth).toBeLessThanOrEqual(shape.innerWidth);
    expect(shape.account).toBe(true);
  });

  it.each(ROLES)('on a 390 px phone, wraps without overflowing sideways and keeps My account in view, for %s', async (email) => {
    const shape = await navRows(390, email, process.env.NAV_SHOTS ? `${process.env.NAV_SHOTS}/${email}.png` : undefined);
    expect(shape.scrollWidth).toBeLessThanOrEqual(shape.innerWidth);
    expect(shape.account).toBe(true);
  });
});
