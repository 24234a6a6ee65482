import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, seriousA11yViolations, signInAs, startServer } from '../helpers/browser.js';

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

describe('signing in and out in a browser', () => {
  it('a counsellor signs in, sees the dashboard with their contact point, and signs out', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') cspErrors.push(m.text());
    });
    await signInAs(page, server.url, 'counsellor@demo.test');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Hello, Amira Haddad');
    await expect(page.locator('.whoami').textContent()).resolves.toContain('London Migrant Workers Desk');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${server.url}/login?signedOut=1`);
    await expect(page.getByRole('status').textContent()).resolves.toContain('You have signed out.');
    // The dashboard is gone with the session.
    await page.goto(`${server.url}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(cspErrors).toEqual([]);
    await context.close();
  });

  it('a wrong password shows the generic message next to the form', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill('counsellor@demo.test');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Email or password is wrong.');
    await context.close();
  });
});

describe('accessibility (axe-core)', () => {
  it('the sign-in page has no serious or critical violations', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });

  it.each(['counsellor@demo.test', 'supervisor@demo.test', 'admin@demo.test', 'coordinator@demo.test'])(
    'the dashboard of %s has no serious or critical violations',
    async (email) => {
      const context = await browser.newContext({ bypassCSP: true });
      const page = await context.newPage();
      await signInAs(page, server.url, email);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await context.close();
    },
  );

  it('the admin pages have no serious or critical violations', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await signInAs(page, server.url, 'admin@demo.test');
    for (const path of ['/admin/users', '/admin/users/new', '/admin/contact-points', '/admin/contact-points/new', '/account']) {
      await page.goto(`${server.url}${path}`);
      expect(await seriousA11yViolations(page), path).toEqual([]);
    }
    await context.close();
  });
});
