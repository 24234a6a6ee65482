import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, seriousA11yViolations, signInAs, startServer } from '../helpers/browser.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let caseId: number;
let requestedId: number;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const d = demo(server.db);
  const person = makePerson(server.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: 'Maria Ionescu', safetyFlags: ['do_not_call'] });
  caseId = makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id, parties: [{ name: 'Sunrise Care Staffing', kind: 'recruitment_agency' }] }).id;
  requestedId = makeCase(server.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: null, status: 'closure_requested', outcome: 'advice_given' }).id;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the case page in a browser', () => {
  it('a counsellor adds a note and sees it at the top of the timeline without a page load', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/cases/${caseId}`);
    await expect(page.locator('.safety').textContent()).resolves.toContain('Do not call');
    // A marker on the window survives an htmx swap but not a page load.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    // htmx sends the token of the page's hx-headers in X-CSRF-Token.
    const token = await page.locator('main').getAttribute('hx-headers').then((h) => (JSON.parse(h!) as Record<string, string>)['X-CSRF-Token']);
    expect(token).toBeTruthy();
    const requests: string[] = [];
    page.on('request', (r) => {
      const sent = r.headers()['x-csrf-token'];
      requests.push(`${r.method()} ${new URL(r.url()).pathname} ${r.headers()['hx-request'] ?? ''} ${sent === token ? 'token' : `token ${String(sent)}`}`);
    });

    await page.getByLabel('Note, or what was said in the call or meeting').fill('Met Maria at the desk; she brought 3 payslips & a <contract>.');
    await page.getByRole('button', { name: 'Add to timeline' }).click();

    const first = page.locator('#timeline-list > li').first();
    await first.getByText('Amira Haddad added a note').waitFor();
    await expect(first.textContent()).resolves.toContain('Met Maria at the desk; she brought 3 payslips & a <contract>.');
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Added to the timeline.');
    await expect(page.getByLabel('Note, or what was said in the call or meeting').inputValue()).resolves.toBe('');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    expect(requests).toEqual([`POST /cases/${caseId}/notes true token`]);
    expect(new URL(page.url()).pathname).toBe(`/cases/${caseId}`);

    // An empty note is refused in place, with its message.
    await page.getByRole('button', { name: 'Add to timeline' }).click();
    await page.getByText('Write the note or what was said.').first().waitFor();
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);

    // It is really saved: still there after a reload.
    await page.reload();
    await expect(page.locator('#timeline-list > li').first().textContent()).resolves.toContain('Met Maria at the desk');
    expect(consoleErrors.filter((e) => !e.includes('422'))).toEqual([]);
    await context.close();
  });

  it('works without JavaScript: the note form posts and the page comes back with the note', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signInAs(page, server.url, 'counsellor@demo.test');
    await page.goto(`${server.url}/cases/${caseId}`);
    await page.getByLabel('Note, or what was said in the call or meeting').fill('Logged without JavaScript.');
    await page.getByRole('radio', { name: 'Call' }).check();
    await page.getByRole('button', { name: 'Add to timeline' }).click();
    await page.waitForURL(`${server.url}/cases/${caseId}?notice=entryAdded#timeline`);
    await expect(page.locator('#timeline-list > li').first().textContent()).resolves.toContain('Amira Haddad logged a call');
    await context.close();
  });

  it('the case page (also with closure decisions) and the edit page have no serious or critical accessibility violations', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await signInAs(page, server.url, 'supervisor@demo.test');
    for (const path of [`/cases/${caseId}`, `/cases/${caseId}/edit`, `/cases/${requestedId}`]) {
      await page.goto(`${server.url}${path}`);
      expect(await seriousA11yViolations(page), path).toEqual([]);
    }
    await context.close();
  });
});
