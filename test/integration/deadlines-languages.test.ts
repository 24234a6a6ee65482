import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/auth/policy.js';
import { addManualDeadline } from '../../src/deadlines/deadlines.service.js';
import { sendDueDigests } from '../../src/deadlines/reminders.service.js';
import type { Mail } from '../../src/mail/mailer.js';
import { users } from '../../src/users/users.table.js';
import { createTestApp, signIn, textOf, type Agent, type TestApp } from '../helpers/app.js';
import { TestClock } from '../helpers/clock.js';
import { demo, makeCase } from '../helpers/factories.js';

/**
 * Issue 14, item 1 for the deadlines: the engine's steps, the calendar feed and the reminder digest speak the reader's
 * language. English readers keep the English sentences (the other deadline tests hold them).
 */
let t: TestApp;
let d: ReturnType<typeof demo>;

beforeEach(async () => {
  t = await createTestApp({}, { clock: new TestClock('2026-06-05T09:00:00Z') });
  d = demo(t.db);
});
afterEach(async () => {
  await t.close();
});

const speaks = (userId: string, locale: string) => t.db.update(users).set({ locale }).where(eq(users.id, userId)).run();
const bavarianExample = '/deadlines/calculator?rule=de-kschg-klage&trigger=2026-05-14&region=DE-BY';
/** The computation steps of the calculator's result, as the reader sees them. */
const stepsOf = (html: string) => {
  const list = /<h3>[^<]*<\/h3>\s*<ol>([\s\S]*?)<\/ol>/.exec(html.slice(html.indexOf('id="calc-result-h"')))?.[1];
  if (!list) throw new Error('no steps on the page');
  return [...list.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => textOf(m[1]!));
};
const intl = (locale: string, iso: string, style: 'full' | 'long') =>
  new Intl.DateTimeFormat(locale, { dateStyle: style, timeZone: 'UTC' }).format(new Date(`${iso}T12:00:00Z`));

describe('the deadline calculator in the reader’s language', () => {
  it('explains the Bavarian Corpus Christi move in German, with German dates and the holiday’s German name', async () => {
    speaks(d.counsellor.id, 'de');
    const counsellor: Agent = await signIn(t.app, 'counsellor@demo.test');
    const res = await counsellor.get(bavarianExample);
    expect(res.statusCode).toBe(200);
    const steps = stepsOf(res.body);
    const friday = intl('de-DE', '2026-06-05', 'full');
    expect(friday).toMatch(/^Freitag, 5\. Juni 2026$/);
    expect(steps.join('\n')).toContain(
      `${intl('de-DE', '2026-06-04', 'long')} ist Fronleichnam, ein gesetzlicher Feiertag in Bayern: verschoben auf ${friday} — BGB §193`,
    );
    expect(steps[0]).toContain(`3 Wochen nach dem Zugang der Kündigung am ${intl('de-DE', '2026-05-14', 'long')}`);
    expect(textOf(res.body)).toContain('Geschäftstage gezählt nach: Bayern (DE-BY).');
    // The rule's own texts (title, note on moved days) are rule data, still English: the steps are not.
    for (const english of ['Corpus Christi', 'public holiday', 'moved to', 'weeks after', 'Bavaria']) expect(steps.join(' ')).not.toContain(english);
  });

  it('writes the same steps in Arabic with no Latin-script word but the codes and sources', async () => {
    speaks(d.counsellor.id, 'ar');
    const counsellor = await signIn(t.app, 'counsellor@demo.test');
    const res = await counsellor.get(bavarianExample);
    const steps = stepsOf(res.body);
    expect(steps).toHaveLength(2);
    // date-holidays has no Arabic names: the holiday and the Land keep the country's own (German) names.
    const sources = ['KSchG §4 S.1; BGB §§187(1), 188(2)', 'BGB §193', 'DE-BY', 'Fronleichnam', 'Bayern'];
    for (const step of steps) {
      const rest = sources.reduce((s, source) => s.split(source).join(''), step);
      expect(rest, step).not.toMatch(/[A-Za-z]/);
      expect(step).toMatch(/[\u0600-\u06FF]/);
    }
    expect(steps[1]).toContain(intl('ar', '2026-06-05', 'full'));
    // The rule has a German explanation of its own; the Arabic reader gets the translation of the reviewed English,
    // said so, with the English one click away.
    const page = textOf(res.body);
    expect(page).not.toContain('لا يوجد بعد شرح لهذه القاعدة بلغتك');
    expect(page).toContain('مترجم من النص الإنجليزي الذي رُوجعت به القاعدة');
    expect(res.body).toMatch(/<details class="small muted explanation-original">[\s\S]*?<p lang="en" dir="ltr">A worker who wants to challenge/);
    expect(res.body).not.toContain('<p class="small" lang="en" dir="ltr">');
  });

  it('gives a French reader a UK tribunal claim with ACAS early conciliation entirely in French', async () => {
    speaks(d.counsellor.id, 'fr');
    const counsellor = await signIn(t.app, 'counsellor@demo.test');
    const res = await counsellor.get('/deadlines/calculator?rule=uk-et-unfair-dismissal&trigger=2026-01-15&day_a=2026-03-01&day_b=2026-03-20');
    expect(res.statusCode).toBe(200);
    const page = textOf(res.body);
    // The rule's title keeps the jurisdiction's own name, translated around it; the field labels are French.
    expect(page).toContain('Demande devant l’employment tribunal : licenciement abusif (unfair dismissal)');
    expect(page).toContain('Date de prise d’effet du licenciement');
    const steps = stepsOf(res.body);
    expect(steps).toHaveLength(3);
    expect(steps[1]).toContain('la conciliation préalable suspend le délai : les 19 jours allant du lendemain du Day A');
    expect(steps[1]).toContain(intl('fr-FR', '2026-03-01', 'long'));
    expect(steps[2]).toContain('(un mois après le Day B)');
    // Notes and warnings: the rule's note on weekends, and the date already passed (today is 5 June 2026).
    expect(page).toContain('Pas de report lorsque le dernier jour tombe un week-end ou un jour férié');
    expect(page).toContain(`Le ${intl('fr-FR', '2026-05-03', 'long')} est déjà passé.`);
    expect(page).toContain(`Le ${intl('fr-FR', '2026-05-03', 'long')} est un dimanche.`);
    for (const english of ['early conciliation stops the clock', 'falls between Day A', 'has already passed', 'Not moved when', 'Date the dismissal took effect', 'Employment tribunal claim'])
      expect(page).not.toContain(english);
  });

  it('says what is wrong with a typed date in the reader’s language, on the calculator and on the case', async () => {
    speaks(d.counsellor.id, 'fr');
    const counsellor = await signIn(t.app, 'counsellor@demo.test');
    const res = await counsellor.get('/deadlines/calculator?rule=uk-et-unfair-dismissal&trigger=2026-02-31&go=1');
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain('Date de prise d’effet du licenciement : 2026-02-31 n’est pas une date réelle — février 2026 compte 28 jours.');
    expect(textOf(res.body)).not.toContain('is not a real date');
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, jurisdictionCountry: 'GB', caseTypes: ['dismissal_retaliation'] }, t.clock.now());
    const form = await counsellor.get(`/cases/${kase.id}/deadlines`);
    expect(form.statusCode).toBe(200);
    const saved = await counsellor.post(`/cases/${kase.id}/deadlines/triggers`, { dismissal_date: '2027-01-10' });
    expect(saved.statusCode).toBe(422);
    expect(textOf(saved.body)).toContain('est postérieur à aujourd’hui');
    expect(textOf(saved.body)).not.toContain('is after today');
  });

  it('lists a contact point’s public holidays with their names in the reader’s language', async () => {
    speaks(d.supervisor.id, 'fr');
    const supervisor = await signIn(t.app, 'supervisor@demo.test');
    const res = await supervisor.get(`/contact-points/${d.ldn.id}/holidays`);
    expect(res.statusCode).toBe(200);
    const page = textOf(res.body);
    expect(page).toContain(`${intl('fr-FR', '2026-12-25', 'long')} — Noël`);
    expect(page).not.toContain('Christmas Day');
  });

  it('names the regions as they name themselves, in the reader’s order', async () => {
    speaks(d.counsellor.id, 'fr');
    const counsellor = await signIn(t.app, 'counsellor@demo.test');
    const res = await counsellor.get('/deadlines/calculator?rule=de-kschg-klage');
    expect(res.body).toContain('>Bayern (DE-BY)</option>');
    expect(res.body).not.toContain('>Bavaria (DE-BY)</option>');
    speaks(d.counsellor.id, 'en');
    const english = await (await signIn(t.app, 'counsellor@demo.test')).get('/deadlines/calculator?rule=de-kschg-klage');
    expect(english.body).toContain('>Bavaria (DE-BY)</option>');
  });
});

describe('the calendar feed and the reminder digest in their owner’s language', () => {
  async function deadlineOf(userId: string, cp: number) {
    const actor = { id: userId, role: 'counsellor', contactPointIds: [cp] } as Actor;
    const kase = makeCase(t.db, { contactPointId: cp, createdBy: userId }, t.clock.now());
    const added = await addManualDeadline(t.db, { actor, clientAddress: null }, kase.id, { title: 'Lettre à l’employeur', dueDate: '2026-06-09', reminderLeadDays: 7 }, t.clock.now());
    expect(added.ok).toBe(true);
    return kase.reference;
  }

  it('gives a French user French event summaries and descriptions', async () => {
    speaks(d.counsellor.id, 'fr');
    const reference = await deadlineOf(d.counsellor.id, d.ldn.id);
    const counsellor = await signIn(t.app, 'counsellor@demo.test');
    await counsellor.get('/deadlines/calendar');
    const created = await counsellor.post('/deadlines/calendar');
    const link = /id="link" type="text" readonly value="([^"]+)"/.exec(created.body)?.[1];
    if (!link) throw new Error('no calendar link on the page');
    const feed = await t.app.inject({ method: 'GET', url: new URL(link).pathname });
    expect(feed.statusCode).toBe(200);
    const unfolded = feed.body.replace(/\r\n[ \t]/g, '');
    expect(unfolded).toContain(`SUMMARY:Échéance ${reference} · Lettre à l’employeur`);
    expect(unfolded).toContain(`DESCRIPTION:Dernier jour : ${intl('fr-GB', '2026-06-09', 'full').replace(/,/g, '\\,')}.`);
    expect(unfolded).toContain('X-WR-CALNAME:Échéances UnionDesk');
  });

  it('sends a Spanish user a Spanish digest with Spanish dates', async () => {
    speaks(d.counsellor.id, 'es');
    const reference = await deadlineOf(d.counsellor.id, d.ldn.id);
    const sent: Mail[] = [];
    const mailer = { enabled: true, send: async (m: Mail) => void sent.push(m), close() {} };
    expect(await sendDueDigests(t.db, mailer, { baseUrl: t.config.baseUrl, clock: t.clock })).toEqual({ sent: 1, failed: 0 });
    const [mail] = sent;
    const today = intl('es-GB', '2026-06-05', 'long');
    expect(mail!.subject).toBe(`UnionDesk: 1 plazo requiere atención (${today})`);
    expect(mail!.text).toContain(`Sus plazos a ${today}:`);
    expect(mail!.text).toContain(`- ${intl('es-GB', '2026-06-09', 'long')} · ${reference} · Lettre à l’employeur`);
    expect(mail!.text).toContain('Próximos');
    expect(mail!.text).not.toMatch(/June|Your deadlines/);
  });
});
