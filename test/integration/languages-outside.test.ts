/**
 * Issue 14, outside the letters and deadlines: what leaves the pages (CSV files, e-mail) and what a page says when
 * something is wrong (404, a refused form) is in its reader's language, and counted words take the plural form the
 * reader's language gives that number.
 */
import { TextWriter, Uint8ArrayReader, ZipReader, configure } from '@zip.js/zip.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendEvent } from '../../src/cases/cases.service.js';
import { translator } from '../../src/i18n/index.js';
import type { Mail, Mailer } from '../../src/mail/mailer.js';
import { partners } from '../../src/partners/partners.table.js';
import { createTestApp, signIn, textOf, type TestApp } from '../helpers/app.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';

configure({ useWebWorkers: false });

let t: TestApp;
afterEach(async () => {
  await t.close();
});

const setLocale = (email: string, locale: string) => t.db.$client.prepare('update users set locale = ? where email = ?').run(locale, email);
const csvLines = (body: string) => body.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);

function fakeMailer(): Mailer & { sent: Mail[] } {
  const sent: Mail[] = [];
  return { enabled: true, sent, async send(mail) { sent.push(mail); }, close() {} };
}

describe('files downloaded in the downloader’s language', () => {
  beforeEach(async () => {
    t = await createTestApp();
  });

  it('a French supervisor’s audit CSV has a French header row and French actions and record types', async () => {
    setLocale('supervisor@demo.test', 'fr');
    const supervisor = await signIn(t.app, 'supervisor@demo.test');
    const res = await supervisor.get('/audit.csv?action=login');
    expect(res.statusCode).toBe(200);
    const [header, ...rows] = csvLines(res.body);
    expect(header).toBe(
      'Heure (UTC),Heure locale,Utilisateur,ID de l’utilisateur,Action,Type de fiche,ID de la fiche,Référence du dossier,Point de contact,Champs,Adresse réseau du client',
    );
    expect(rows.length).toBeGreaterThan(0);
    // The sign-in itself: "Connexion" of a "Compte", never the codes login / user.
    expect(rows[0]).toMatch(/,Connexion,Compte,/);
    expect(res.body).not.toMatch(/,login,|time_utc/);
  });

  it('a French supervisor’s report CSV has the table’s headings in French', async () => {
    setLocale('supervisor@demo.test', 'fr');
    const supervisor = await signIn(t.app, 'supervisor@demo.test');
    const res = await supervisor.get('/reports/months.csv');
    expect(res.statusCode).toBe(200);
    const lines = csvLines(res.body);
    expect(lines[0]).toBe('Mois,Ouverts,Ouverts (masqué),Clos,Clos (masqué)');
    expect(lines.at(-1)).toMatch(/^Total,/);
  });
});

describe('explanations written in TypeScript, now in the catalogue', () => {
  beforeEach(async () => {
    t = await createTestApp();
  });

  it('a French administrator reads why each retention period is what it is in French, the UK law named as it is', async () => {
    setLocale('admin@demo.test', 'fr');
    const admin = await signIn(t.app, 'admin@demo.test');
    const text = textOf((await admin.get('/admin/retention')).body);
    expect(text).toContain('Limitation Act 1980, s. 5 (Angleterre et pays de Galles) : six ans pour une action contractuelle');
    expect(text).toContain('Le National Minimum Wage Act 1998, s. 17, permet au travailleur de réclamer l’arriéré comme salaire contractuel.');
    expect(text).not.toContain('six years for a claim in contract');
  });
});

describe('a person’s data export in the counsellor’s language', () => {
  it('a Spanish counsellor’s export names a letter and its version in Spanish, in the JSON and on the page', async () => {
    t = await createTestApp();
    const d = demo(t.db);
    setLocale('counsellor@demo.test', 'es');
    const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: 'Lucía Pérez' });
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id });
    t.db.transaction((tx) => appendEvent(tx, { caseId: kase.id, userId: d.counsellor.id, kind: 'letter_generated', data: { kind: 'referral', version: 2 } }, t.clock.now()));
    const counsellor = await signIn(t.app, 'counsellor@demo.test');
    await counsellor.get(`/people/${person.id}/export`);
    const res = await counsellor.post(`/people/${person.id}/export`, { reviewed: 'on' });
    expect(res.statusCode).toBe(200);
    const reader = new ZipReader(new Uint8ArrayReader(new Uint8Array(res.rawPayload)));
    const files: Record<string, string> = {};
    for (const e of await reader.getEntries()) if (!e.directory && /\.(json|html)$/.test(e.filename)) files[e.filename] = await e.getData!(new TextWriter());
    await reader.close();
    const timeline = JSON.parse(files['person.json']!).cases[0].timeline as { kind: string; details: string }[];
    expect(timeline.find((e) => e.kind === 'letter_generated')?.details).toBe('Carta de derivación, versión 2');
    expect(textOf(files['person.html']!)).toContain('Carta de derivación, versión 2');
  });
});

describe('e-mail in its recipient’s language', () => {
  it('an Italian counsellor’s one-time sign-in link, issued by an English-speaking administrator, is in Italian', async () => {
    const mailer = fakeMailer();
    t = await createTestApp({ SMTP_URL: 'smtp://mail.example.org:25' }, { mailer });
    const d = demo(t.db);
    setLocale('counsellor@demo.test', 'it');
    const admin = await signIn(t.app, 'admin@demo.test');
    await admin.get(`/admin/users/${d.counsellor.id}`);
    const page = await admin.post(`/admin/users/${d.counsellor.id}/password-link`);
    // The administrator reads their own page in English…
    expect(textOf(page.body)).toContain('A one-time link has been sent to counsellor@demo.test');
    // …and the counsellor gets the message in Italian.
    expect(mailer.sent).toHaveLength(1);
    const mail = mailer.sent[0]!;
    expect(mail.to).toBe('counsellor@demo.test');
    expect(mail.subject).toBe('Il link di accesso a UnionDesk');
    expect(mail.text).toContain(`Gentile ${d.counsellor.displayName},`);
    expect(mail.text).toContain('scelga la sua password di UnionDesk con questo link monouso (scade dopo 24 ore)');
    expect(mail.text).toMatch(/http:\/\/localhost:3000\/set-password\/[A-Za-z0-9_-]+/);
    expect(mail.text).not.toMatch(/Hello|one-time link|expires/);
  });
});

describe('pages that say something is wrong, in German', () => {
  beforeEach(async () => {
    t = await createTestApp();
  });

  it('a German user’s 404 page is German, with lang="de"', async () => {
    setLocale('counsellor@demo.test', 'de');
    const counsellor = await signIn(t.app, 'counsellor@demo.test');
    const res = await counsellor.get('/cases/999999');
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('<html lang="de" dir="ltr">');
    const text = textOf(res.body);
    expect(text).toContain('Seite nicht gefunden');
    expect(text).toContain('Hier gibt es nichts, oder Sie haben keinen Zugriff darauf.');
    expect(text).not.toContain('Page not found');

    const unknownUrl = await counsellor.get('/no-such-page');
    expect(unknownUrl.statusCode).toBe(404);
    expect(textOf(unknownUrl.body)).toContain('Seite nicht gefunden');
  });

  it('a German administrator’s form with an empty required field says so in German and saves nothing', async () => {
    setLocale('admin@demo.test', 'de');
    const admin = await signIn(t.app, 'admin@demo.test');
    const before = t.db.select().from(partners).all().length;
    await admin.get('/partners/new');
    const res = await admin.post('/partners', {
      name: '',
      kind: 'immigration_advice',
      country: 'DE',
      city: 'Berlin',
      languages: 'de, ar',
      services: 'Rechtsberatung',
      contactName: '',
      email: 'beratung@example.org',
      phone: '',
      address: '',
      notes: '',
      active: 'on',
    });
    expect(res.statusCode).toBe(422);
    const text = textOf(res.body);
    expect(text).toContain('Bitte ausfüllen.');
    expect(text).not.toContain('Fill this in');
    expect(res.body).toContain('value="Berlin"');
    expect(t.db.select().from(partners).all()).toHaveLength(before);
  });

  it('a German user’s sessions list names the device in German', async () => {
    setLocale('counsellor@demo.test', 'de');
    const counsellor = await signIn(t.app, 'counsellor@demo.test');
    const text = textOf((await counsellor.get('/account')).body);
    expect(text).toMatch(/Unbekanntes Gerät|auf (Linux|Windows|macOS|Android|iOS|einem unbekannten System)/);
    expect(text).not.toMatch(/Unknown device| on (Linux|Windows|macOS)/);
  });
});

describe('counted words take the plural form of the reader’s language', () => {
  it('Arabic: 0, 1, 2, 3, 11 and 100 take the zero, one, two, few, many and other forms', () => {
    const { t: ar } = translator('ar');
    expect([0, 1, 2, 3, 11, 100].map((count) => new Intl.PluralRules('ar').select(count))).toEqual(['zero', 'one', 'two', 'few', 'many', 'other']);
    expect([0, 1, 2, 3, 11, 100].map((count) => ar('counts.rows', { count }))).toEqual(['0 صف', 'صف واحد', 'صفان', '3 صفوف', '11 صفًا', '100 صف']);
    expect([0, 1, 2, 3, 11, 100].map((count) => ar('supervision.columns.idle', { count }))).toEqual([
      'بلا نشاط منذ 0 يوم أو أكثر',
      'بلا نشاط منذ يوم واحد أو أكثر',
      'بلا نشاط منذ يومين أو أكثر',
      'بلا نشاط منذ 3 أيام أو أكثر',
      'بلا نشاط منذ 11 يومًا أو أكثر',
      'بلا نشاط منذ 100 يوم أو أكثر',
    ]);
    expect(ar('secondFactor.status.codesLeft', { count: 2 })).toBe('بقي رمزا استرداد غير مستخدمين من 10.');
    expect(ar('secondFactor.status.codesLeft', { count: 0 })).toBe('لم يبقَ أي رمز استرداد غير مستخدم من 10.');
  });

  it('English, French and German say one and several apart, and write large counts as the locale does', () => {
    expect(translator('en').t('secondFactor.status.codesLeft', { count: 1 })).toBe('1 of 10 recovery codes unused.');
    expect(translator('fr').t('secondFactor.status.codesLeft', { count: 1 })).toBe('1 code de récupération sur 10 non utilisé.');
    expect(translator('fr').t('secondFactor.status.codesLeft', { count: 3 })).toBe('3 codes de récupération sur 10 non utilisés.');
    expect(translator('en').t('supervision.columns.dueSoon', { count: 1 })).toBe('Deadlines due within 1 day');
    expect(translator('de').t('supervision.columns.dueSoon', { count: 7 })).toBe('Fristen fällig innerhalb von 7 Tagen');
    const { t: en } = translator('en');
    expect(en('retention.admin.run', { when: '24 Nov 2026', cases: en('counts.anonymisedCases', { count: 1 }), people: en('counts.anonymisedPeople', { count: 0 }), held: en('counts.keptOnHold', { count: 2 }) })).toBe(
      '24 Nov 2026: 1 case anonymised, 0 person records anonymised, 2 cases kept on legal hold.',
    );
    // A count in the thousands, grouped as the reader writes it (a narrow no-break space in French).
    expect(translator('de').t('audit.countCapped', { count: 10000 })).toBe('Mehr als 10.000 Einträge');
    expect(translator('fr').t('caseList.countCapped', { count: 10000 })).toBe('Plus de 10\u202f000 dossiers');
    expect(translator('en', 'GB').t('counts.rows', { count: 1234567 })).toBe('1,234,567 rows');
  });
});
