import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Actor } from '../../src/auth/policy.js';
import { loadConfig } from '../../src/config.js';
import { addManualDeadline, confirmProposal, saveTriggerDates, setDeadlineStatus } from '../../src/deadlines/deadlines.service.js';
import { reminderDigests } from '../../src/deadlines/deadlines.table.js';
import { digestItems, sendDueDigests } from '../../src/deadlines/reminders.service.js';
import { createMailer } from '../../src/mail/mailer.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { TestClock } from '../helpers/clock.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';

type Received = { to: string[]; raw: string };

/** An SMTP server in this process that keeps every message it receives. */
async function startSmtp() {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { received, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The message's text: headers unfolded, the quoted-printable body decoded. */
function decode(raw: string): { subject: string; text: string } {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const subject = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(head)?.[1]?.replace(/\r?\n[ \t]/g, ' ') ?? '';
  const body = rest.join('\n\n');
  const qp = /Content-Transfer-Encoding: quoted-printable/i.test(head);
  const text = qp
    ? Buffer.from(
        body
          .replace(/=\r?\n/g, '')
          .replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
        'latin1',
      ).toString('utf8')
    : body;
  return { subject, text: text.replace(/\r\n/g, '\n') };
}

let t: TestApp;
let d: ReturnType<typeof demo>;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let reference: string;

const actorOf = (user: { id: string; role: Actor['role'] }, cp: number): { actor: Actor; clientAddress: null } => ({
  actor: { id: user.id, role: user.role, contactPointIds: [cp] },
  clientAddress: null,
});

/** 10:00 in London and 04:00 in Chicago on Friday 5 June 2026. */
const AT_10_LONDON = Date.parse('2026-06-05T09:00:00Z');

beforeEach(async () => {
  smtp = await startSmtp();
  t = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}` }, { clock: new TestClock(AT_10_LONDON) });
  d = demo(t.db);
  const amira = actorOf(d.counsellor, d.ldn.id);
  const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: 'Mariana Ionescu', alias: 'Mari', phone: '+44 7700 900123' }, t.clock.now());
  const kase = makeCase(t.db, {
    contactPointId: d.ldn.id,
    createdBy: d.counsellor.id,
    personId: person.id,
    caseTypes: ['unlawful_deductions'],
    summary: 'Deductions for uniforms at Acme Cleaning, night shifts in Croydon.',
    parties: [{ name: 'Acme Cleaning Ltd', kind: 'employer' }],
  }, t.clock.now());
  reference = kase.reference;
  expect((await saveTriggerDates(t.db, amira, kase.id, { last_deduction_date: '2026-03-15' }, t.clock.now())).ok).toBe(true);
  expect((await confirmProposal(t.db, amira, kase.id, { ruleId: 'uk-et-wages', computed: '2026-06-14' }, t.clock.now())).ok).toBe(true);
  for (const [title, dueDate, lead] of [
    ['Chase the employer for payslips', '2026-06-01', 3],
    ['Send the letter before claim', '2026-06-05', 3],
    ['Hearing bundle', '2026-09-30', 14],
  ] as const)
    expect((await addManualDeadline(t.db, amira, kase.id, { title, dueDate, reminderLeadDays: lead }, t.clock.now())).ok).toBe(true);
  const done = await addManualDeadline(t.db, amira, kase.id, { title: 'Already done thing', dueDate: '2026-06-02', reminderLeadDays: 3 }, t.clock.now());
  if (done.ok) await setDeadlineStatus(t.db, amira, done.value.id, 'done', t.clock.now());

  const chicago = makeCase(t.db, { contactPointId: d.chi.id, createdBy: d.counsellor2.id, jurisdictionCountry: 'US' }, t.clock.now());
  await addManualDeadline(t.db, actorOf(d.counsellor2, d.chi.id), chicago.id, { title: 'File the wage claim', dueDate: '2026-06-08', reminderLeadDays: 7 }, t.clock.now());
});
afterEach(async () => {
  await t.close();
  await smtp.close();
});

const run = (now: number, mailer = createMailer(t.config)) => {
  t.clock.set(now);
  return sendDueDigests(t.db, mailer, { baseUrl: t.config.baseUrl, clock: t.clock });
};

describe('the daily reminder digest', () => {
  it('lists references, titles and dates only — no names, no case details', async () => {
    expect(await run(AT_10_LONDON)).toEqual({ sent: 1, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail!.to).toEqual(['counsellor@demo.test']);
    const { subject, text } = decode(mail!.raw);
    expect(subject).toBe('UnionDesk: 3 deadlines need attention (5 June 2026)');
    expect(text).toContain('Overdue\n- 1 June 2026 · ' + reference + ' · Chase the employer for payslips');
    expect(text).toContain('Due today\n- 5 June 2026 · ' + reference + ' · Send the letter before claim');
    expect(text).toContain('Coming up\n- 14 June 2026 · ' + reference + ' · Employment tribunal claim: unlawful deduction from wages');
    expect(text).toContain(`${t.config.baseUrl}/deadlines`);
    // Outside its lead time, done, or another counsellor's: not in this digest.
    for (const absent of ['Hearing bundle', 'Already done thing', 'File the wage claim']) expect(text).not.toContain(absent);
    // Nothing that identifies the worker or the case leaves the system.
    for (const secret of ['Mariana', 'Ionescu', 'Mari ', '7700', 'Acme', 'Croydon', 'uniforms']) expect(mail!.raw).not.toContain(secret);
  });

  it('is sent once a day, even across restarts, and again the next day', async () => {
    await run(AT_10_LONDON);
    await run(AT_10_LONDON + 60_000);
    // A restart: a new process, a new transport, the same database.
    await run(AT_10_LONDON + 3_600_000, createMailer(t.config));
    expect(smtp.received).toHaveLength(1);
    expect(t.db.select().from(reminderDigests).all()).toEqual([
      expect.objectContaining({ userId: d.counsellor.id, day: '2026-06-05', deadlineCount: 3, sentAt: expect.any(Number) }),
    ]);

    await run(Date.parse('2026-06-06T09:00:00Z'));
    expect(smtp.received.filter((m) => m.to[0] === 'counsellor@demo.test')).toHaveLength(2);
  });

  it('waits for 07:00 at each counsellor’s own desk', async () => {
    await run(Date.parse('2026-06-05T05:30:00Z')); // 06:30 in London
    expect(smtp.received).toHaveLength(0);
    await run(AT_10_LONDON); // 04:00 in Chicago
    expect(smtp.received.map((m) => m.to[0])).toEqual(['counsellor@demo.test']);
    await run(Date.parse('2026-06-05T12:00:00Z')); // 07:00 in Chicago
    expect(smtp.received.map((m) => m.to[0])).toEqual(['counsellor@demo.test', 'counsellor2@demo.test']);
    expect(decode(smtp.received[1]!.raw).text).toContain('File the wage claim');
  });

  it('retries a digest the mail server did not take', async () => {
    const down = createMailer(loadConfig({ NODE_ENV: 'test', SMTP_URL: 'smtp://127.0.0.1:9' }));
    expect(await run(AT_10_LONDON, down)).toEqual({ sent: 0, failed: 1 });
    expect(t.db.select().from(reminderDigests).all()).toEqual([]);
    expect(await run(AT_10_LONDON + 60_000)).toEqual({ sent: 1, failed: 0 });
    expect(smtp.received).toHaveLength(1);
  });

  it('brings a visa expiry on its rule’s reminder days (90 and 30 before), then daily in the last 14 days', async () => {
    const amira = actorOf(d.counsellor, d.ldn.id);
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, caseTypes: ['sponsorship_loss'] }, t.clock.now());
    expect((await saveTriggerDates(t.db, amira, kase.id, { visa_expiry: '2026-09-03' }, t.clock.now())).ok).toBe(true);
    expect((await confirmProposal(t.db, amira, kase.id, { ruleId: 'uk-visa-expiry', computed: '2026-09-03' }, t.clock.now())).ok).toBe(true);
    const onDay = (day: string) => digestItems(t.db, amira.actor, day).some((i) => i.reference === kase.reference && i.title === 'Visa expiry');
    expect(['2026-06-05', '2026-06-06', '2026-08-04', '2026-08-05', '2026-08-19', '2026-08-20', '2026-09-03', '2026-09-10'].map(onDay)).toEqual([
      true, // 90 days before
      false,
      true, // 30 days before
      false,
      false, // 15 days before
      true, // 14 days before: daily from here
      true,
      true, // overdue
    ]);
  });

  it('sends nothing when e-mail is off, and says so once when the mailer is made', async () => {
    const info = vi.fn();
    const off = createMailer(loadConfig({ NODE_ENV: 'test' }), { info });
    expect(info).toHaveBeenCalledTimes(1);
    expect(info.mock.calls[0]![0]).toContain('e-mail is off');
    expect(await run(AT_10_LONDON, off)).toEqual({ sent: 0, failed: 0 });
    expect(smtp.received).toHaveLength(0);
    expect(t.db.select().from(reminderDigests).all()).toEqual([]);
  });
});
