import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, seriousA11yViolations, startServer } from '../helpers/browser.js';
import { codeAt } from '../helpers/second-factor.js';

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  // As a real server: administrators and supervisors must have a second factor.
  server = await startServer({ SECOND_FACTOR: 'admins-supervisors' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('two-step sign-in in a browser', () => {
  it('a supervisor sets it up at the first sign-in from the key on the page, keeps the recovery codes, then signs in with a code', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // A refused image or script (the CSP) shows here; the 422 of the wrong code below is the only failed request.
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('status of 422')) consoleErrors.push(m.text());
    });
    const password = async () => {
      await page.goto(`${server.url}/login`);
      await page.getByLabel('Email').fill('supervisor@demo.test');
      await page.getByLabel('Password').fill('demo-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
    };

    await password();
    await page.waitForURL(`${server.url}/account/second-factor`);
    await expect(page.getByText('Your role needs two-step sign-in').count()).resolves.toBe(1);
    // The QR code is an image the browser could draw (the CSP lets the data: image in).
    const qr = page.getByRole('img', { name: 'QR code for the authenticator app' });
    await expect(qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).resolves.toBe(true);
    // Nothing else opens before it is set up.
    await page.goto(`${server.url}/cases`);
    expect(new URL(page.url()).pathname).toBe('/account/second-factor');

    // What a user types into the app by hand: the key shown as text.
    const secret = (await page.locator('#totp-secret').textContent())!.replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page.getByLabel(/^Code from the app/).fill(codeAt(secret, server.clock.now()));
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Your recovery codes');
    const codes = await page.locator('#recovery-codes li').allTextContents();
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(code).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
    await page.getByRole('link', { name: 'I have kept them safe: continue' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Hello, Grace Okafor');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${server.url}/login?signedOut=1`);

    // The next sign-in asks for the code after the password; the code of the next 30 seconds signs in.
    server.clock.advance(30_000);
    await password();
    await page.waitForURL(`${server.url}/login/code`);
    await page.getByLabel(/^Code/).fill('000000' === codeAt(secret, server.clock.now()) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('alert').first().textContent()).resolves.toContain('That code is wrong.');
    await page.getByLabel(/^Code/).fill(codeAt(secret, server.clock.now()));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${server.url}/`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Hello, Grace Okafor');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});

describe('accessibility (axe-core)', () => {
  it('the set-up page, the recovery codes, the code page and the settings have no serious or critical violations', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill('admin@demo.test');
    await page.getByLabel('Password').fill('demo-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/account/second-factor`);
    expect(await seriousA11yViolations(page), 'set-up').toEqual([]);
    // A wrong code: the page again, with the error.
    await page.getByLabel(/^Code from the app/).fill('12345');
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    expect(await seriousA11yViolations(page), 'set-up with an error').toEqual([]);

    const secret = (await page.locator('#totp-secret').textContent())!.replace(/\s/g, '');
    await page.getByLabel(/^Code from the app/).fill(codeAt(secret, server.clock.now()));
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await page.locator('#recovery-codes').waitFor();
    expect(await seriousA11yViolations(page), 'recovery codes').toEqual([]);
    await page.goto(`${server.url}/account/second-factor`);
    expect(await seriousA11yViolations(page), 'settings').toEqual([]);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${server.url}/login?signedOut=1`);
    await page.getByLabel('Email').fill('admin@demo.test');
    await page.getByLabel('Password').fill('demo-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/login/code`);
    expect(await seriousA11yViolations(page), 'code').toEqual([]);
    await context.close();
  });
});
