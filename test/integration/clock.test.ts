import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, signIn, textOf, type TestApp } from '../helpers/app.js';
import { TestClock } from '../helpers/clock.js';
import { demo, makeCase } from '../helpers/factories.js';

/** The app reads the time only from the clock given to buildApp: these pages are right whatever day the machine says. */
let t: TestApp;
afterEach(async () => {
  await t?.close();
});

const LATE_ON_28_FEB_2029 = Date.parse('2029-02-28T23:30:00Z');

describe('one clock', () => {
  it('dates a new note, and shows each desk’s local time, from the app’s clock', async () => {
    t = await createTestApp({}, { clock: new TestClock(LATE_ON_28_FEB_2029) });
    const d = demo(t.db);
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id }, t.clock.now());
    const counsellor = await signIn(t.app, 'counsellor@demo.test');

    const dashboard = textOf((await counsellor.get('/')).body);
    expect(dashboard).toContain('local time 23:30');

    expect((await counsellor.post(`/cases/${kase.id}/notes`, { kind: 'note', body: 'Called the agency about the missing payslips.' })).statusCode).toBe(303);
    const page = textOf((await counsellor.get(`/cases/${kase.id}`)).body);
    expect(page).toContain('Called the agency about the missing payslips.');
    expect(page).toContain('28 Feb 2029, 23:30');
  });

  it('judges “not in the future” against the app’s clock, allowing for time zones ahead of UTC', async () => {
    t = await createTestApp({}, { clock: new TestClock(LATE_ON_28_FEB_2029) });
    const d = demo(t.db);
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id }, t.clock.now());
    const counsellor = await signIn(t.app, 'counsellor@demo.test');

    // Already 1 March in Auckland: accepted.
    const tomorrow = await counsellor.post(`/cases/${kase.id}/notes`, { kind: 'call', body: 'Spoke to the worker.', occurredOn: '2029-03-01' });
    expect(tomorrow.statusCode).toBe(303);
    const later = await counsellor.post(`/cases/${kase.id}/notes`, { kind: 'call', body: 'A call from the future.', occurredOn: '2029-03-03' });
    expect(later.statusCode).toBe(422);
    expect(textOf(later.body)).toContain('A call from the future.');
    expect(textOf((await counsellor.get(`/cases/${kase.id}`)).body)).not.toContain('A call from the future.');
  });

  it('ends an idle session by the app’s clock, not the machine’s', async () => {
    t = await createTestApp({}, { clock: new TestClock(LATE_ON_28_FEB_2029) });
    const counsellor = await signIn(t.app, 'counsellor@demo.test');
    t.clock.advance(29 * 60_000);
    expect((await counsellor.get('/')).statusCode).toBe(200);
    t.clock.advance(31 * 60_000);
    const res = await counsellor.get('/');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login');
  });
});
