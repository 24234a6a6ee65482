import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents } from '../../src/cases/cases.table.js';
import { launchBrowser, signInAs, startServer } from '../helpers/browser.js';
import { demo, makeCase } from '../helpers/factories.js';

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let caseId: number;

const NOTE = 'Note, or what was said in the call or meeting';
/** More than the server takes in one request (256 KB): the text a browser without maxlength would send. */
const TOO_LARGE = `Rota, payslips and messages pasted in full. ${'Shift 06:00–18:00, no break, £0 paid. '.repeat(7500)}`;

const notesOf = () => server.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).all().filter((e) => e.kind === 'note');

/** Puts text into the note field as a script would: past its maxlength, which only limits what a person types. */
const putNote = (page: Page, text: string) => page.getByLabel(NOTE).evaluate((el, value) => ((el as HTMLTextAreaElement).value = value), text);

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const d = demo(server.db);
  caseId = makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id }).id;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a note too large to send', () => {
  it('stops typing at the note’s limit', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/cases/${caseId}`);
    const field = page.getByLabel(NOTE);
    await expect(field.getAttribute('maxlength')).resolves.toBe('10000');
    await field.fill('a'.repeat(10_050));
    await expect(field.inputValue()).resolves.toHaveLength(10_000);
    await context.close();
  });

  it('with htmx: the message comes in the flash area, the form keeps the text, nothing is saved', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/cases/${caseId}`);
    // A marker on the window survives an htmx swap but not a page load.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 7));
    await putNote(page, TOO_LARGE);
    await page.getByRole('button', { name: 'Add to timeline' }).click();

    const alert = page.locator('#flash [role="alert"]');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain('Nothing was saved: what you sent is too large for the server. What you typed is still in the form');
    await expect(page.getByLabel(NOTE).inputValue()).resolves.toBe(TOO_LARGE);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);
    expect(notesOf()).toHaveLength(0);
    await context.close();
  });

  it('without JavaScript: the page says what happened and to go back, and Back shows the form with the text', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/cases/${caseId}`);
    await putNote(page, TOO_LARGE);
    await page.getByRole('button', { name: 'Add to timeline' }).click();

    await page.getByRole('heading', { name: 'Too much data' }).waitFor();
    await expect(page.locator('main').textContent()).resolves.toContain('Go back with your browser’s Back button: what you typed is still in the form.');
    // Cache-Control: no-store keeps the page out of caches, not its form's state out of the session history.
    await page.goBack();
    await expect(page.getByLabel(NOTE).inputValue()).resolves.toBe(TOO_LARGE);
    expect(notesOf()).toHaveLength(0);
    await context.close();
  });
});
