import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/auth/policy.js';
import { moveCase } from '../../src/cases/case-page.service.js';
import { partners } from '../../src/partners/partners.table.js';
import { insertParty, linkPartyToCase } from '../../src/parties/parties.repo.js';
import { createUser, issueLinkAsSupervisor } from '../../src/users/users.service.js';
import { Agent, createTestApp, DEMO_PASSWORD, formOnPage, signIn, textOf, type TestApp } from '../helpers/app.js';
import { uploadSheet } from '../helpers/sheets.js';
import { TestClock } from '../helpers/clock.js';
import { codeAt, enrolSecondFactor, secretOnPage, ticketOnPage } from '../helpers/second-factor.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';
import { AUSTRIAN_RULE_FORM } from '../helpers/rule-forms.js';

/**
 * Every state-changing route, driven as htmx drives it: refused with 403 and no change to the database without the
 * page's token (or with a forged one), carried out with the token in the X-CSRF-Token header from `hx-headers`.
 * The first test lists the app's routes, so a new POST route without a line here fails the suite.
 */

type Form = Record<string, string | string[]>;
type Ctx = { t: TestApp; d: ReturnType<typeof demo>; agent: Agent };
type Post = { url: string; form?: Form; page: string };
type RouteCheck = {
  /** Who posts: a demo login, or null for a visitor who is not signed in. */
  as: string | null;
  /** The records the request needs; returns the request and the page it is sent from. */
  prepare(ctx: Ctx): Post | Promise<Post>;
  /** The answer when the token is sent. */
  status: number;
  /** A preview changes nothing when it succeeds: the letter preview answers a PDF, the rule preview a date. */
  changes?: false;
  clock?: string;
};

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const COUNSELLOR = 'counsellor@demo.test';
const SUPERVISOR = 'supervisor@demo.test';
const ADMIN = 'admin@demo.test';
/** The deadline tests' day: a deduction on 15 March 2026 gives a tribunal limit of 14 June, still ahead. */
const DEADLINE_DAY = '2026-06-05T09:00:00Z';
const JCWI = 'JCWI – Joint Council for the Welfare of Immigrants';

/** A sent referral whose case holds one evidence file (its row only: sharing it needs no bytes). */
async function sentReferralWithFile(ctx: Ctx) {
  const kase = londonCase(ctx);
  await submit(ctx.agent, `/cases/${kase.id}/referrals/new`, `/cases/${kase.id}/referrals`, referralForm(ctx));
  const id = lastId(ctx, 'referrals');
  ctx.t.db.$client
    .prepare("INSERT INTO evidence_files (case_id, storage_id, name, mime_type, byte_size, sha256, stored_sha256, category, added_at) VALUES (?, ?, 'payslip.pdf', 'application/pdf', 3, 'x', 'x', 'payslip', ?)")
    .run(kase.id, `csrf-${id}`, ctx.t.clock.now());
  return { id, fileId: lastId(ctx, 'evidence_files') };
}

const londonCase = ({ t, d }: Ctx, over: Partial<Parameters<typeof makeCase>[1]> = {}) =>
  makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, ...over }, t.clock.now());
const wagesCase = (ctx: Ctx) => londonCase(ctx, { caseTypes: ['unlawful_deductions'], jurisdictionRegion: 'England' });
const actorOf = (u: { id: string; role: Actor['role'] }, cp: number): Actor => ({ id: u.id, role: u.role, contactPointIds: [cp] });
const lastId = ({ t }: Ctx, table: string) => (t.db.$client.prepare(`select max(id) as id from ${table}`).get() as { id: number }).id;

/** A set-up step through the app itself, as a plain form with the page's token. */
async function submit(agent: Agent, page: string, url: string, form: Form = {}) {
  await agent.get(page);
  const res = await agent.post(url, form);
  if (res.statusCode >= 400) throw new Error(`set-up ${url} answered ${res.statusCode}`);
  return res;
}

async function otherSessionHandle({ t, agent }: Ctx) {
  await signIn(t.app, COUNSELLOR);
  const handle = /\/account\/sessions\/([a-f0-9]+)\/end/.exec((await agent.get('/account')).body)?.[1];
  if (!handle) throw new Error('no other session on the account page');
  return handle;
}

const userForm = (d: Ctx['d'], over: Form = {}): Form => ({
  displayName: 'Ioana Popescu',
  email: 'ioana@desk.example',
  role: 'counsellor',
  contactPointIds: String(d.ldn.id),
  languages: 'en, ro',
  locale: 'en',
  active: 'on',
  ...over,
});
const contactPointForm = (over: Form = {}): Form => ({
  name: 'Melbourne Migrant Workers Centre',
  unionName: 'Victorian Trades Hall Council',
  country: 'AU',
  city: 'Melbourne',
  address: '54 Victoria St, Carlton',
  email: '',
  phone: '',
  languages: 'en, zh, vi',
  services: 'wage recovery, visa advice referral',
  timezone: 'Australia/Melbourne',
  refPrefix: 'mel',
  active: 'on',
  ...over,
});
const partnerForm = (over: Form = {}): Form => ({
  name: 'Praxis',
  kind: 'immigration_advice',
  country: 'gb',
  city: 'London',
  languages: 'en, pt, es',
  services: 'immigration advice, destitution support',
  contactName: 'Referrals',
  email: 'referrals@praxis.example',
  phone: '+44 20 7946 0999',
  address: 'Pott Street, London E2 0EF',
  notes: '',
  active: 'on',
  ...over,
});
const referralForm = ({ t }: Ctx, over: Form = {}): Form => ({
  partnerId: String(t.db.select().from(partners).where(eq(partners.name, JCWI)).get()!.id),
  reason: 'Her sponsorship ended when she was dismissed; she needs regulated immigration advice.',
  request: 'Please advise her on her options to stay and work.',
  sharedFields: ['caseSummary'],
  followUpOn: '2099-01-15',
  intent: 'send',
  ...over,
});
/** The employer a letter before claim is addressed to: a party of the case, chosen by id. */
function letterEmployer({ t, d }: Ctx, caseId: number): string {
  const employer = t.db.transaction((tx) =>
    insertParty(tx, { name: 'Bright Star Hospitality Ltd', kind: 'employer', address: 'Unit 4, 17 Harbour Street\nLondon E14 9XY', createdAt: t.clock.now(), createdBy: d.counsellor.id }),
  );
  t.db.transaction((tx) => linkPartyToCase(tx, caseId, employer.id, 'employer'));
  return String(employer.id);
}
const letterForm: Form = {
  kind: 'letter_before_claim',
  personName: 'Łukasz Nowak',
  jurisdiction: 'England and Wales',
  jobTitle: 'kitchen porter',
  workplace: 'The Harbour Hotel, London E14',
  employmentStart: '2025-09-01',
  employmentEnd: '2026-02-27',
  payAgreed: '£12.21 an hour for 40 hours a week',
  currency: 'GBP',
  itemPeriod: ['2–27 February 2026', ''],
  itemDescription: ['Unpaid hours (160 h at £12.21)', ''],
  itemAmount: ['1,953.60', ''],
  legalBasis: 'Unlawful deduction from wages, section 13 of the Employment Rights Act 1996 (Part II).',
  workerAuthorisedOn: '2026-03-02',
  responseDeadline: '2026-03-24',
  counsellorName: 'Amira Haddad',
  counsellorRole: 'Counsellor',
  enclosures: 'Rota messages',
};
const ruleVersionForm: Form = {
  title: 'FLSA claim (new statute)',
  periodAmount: '4',
  explanation: 'A new limit.',
  nonWorkingDays: 'Not moved.',
  citation: '29 U.S.C. §255 as amended',
  url: '',
  toVerify: '',
  validFrom: '',
  validTo: '',
};

async function proposedDeadline(ctx: Ctx) {
  const kase = wagesCase(ctx);
  await submit(ctx.agent, `/cases/${kase.id}/deadlines`, `/cases/${kase.id}/deadlines/triggers`, { last_deduction_date: '2026-03-15' });
  return kase;
}
async function manualDeadline(ctx: Ctx) {
  const kase = wagesCase(ctx);
  await submit(ctx.agent, `/cases/${kase.id}/deadlines`, `/cases/${kase.id}/deadlines/manual`, { title: 'Send the letter before claim', dueDate: '2026-06-10' });
  return { kase, id: lastId(ctx, 'deadlines') };
}
async function draftReferral(ctx: Ctx) {
  const kase = londonCase(ctx);
  await submit(ctx.agent, `/cases/${kase.id}/referrals/new`, `/cases/${kase.id}/referrals`, referralForm(ctx, { intent: 'draft' }));
  return lastId(ctx, 'referrals');
}
async function proposedTransfer(ctx: Ctx, proposer: Agent) {
  const kase = londonCase(ctx);
  await submit(proposer, `/cases/${kase.id}`, `/cases/${kase.id}/transfers`, {
    toContactPointId: String(ctx.d.chi.id),
    reason: 'He has moved to Chicago to join his brother and wants to pursue the claim from there.',
  });
  return lastId(ctx, 'transfers');
}

/** A collective case of the London desk with the given cases (issue 15), made through its form; its id. */
async function groupOf(ctx: Ctx, caseIds: number[] = []) {
  const res = await submit(ctx.agent, '/collectives/new', '/collectives', { contactPointId: String(ctx.d.ldn.id), title: 'Unpaid wages at Riverside Foods', partyName: 'Riverside Foods Ltd', partyKind: 'employer', caseIds: caseIds.map(String) });
  return Number(/\/collectives\/(\d+)/.exec(String(res.headers.location))![1]);
}

/** A sheet uploaded to a new group and waiting at its column step: the step's URL and the form it shows. */
async function stagedSheet(ctx: Ctx) {
  const id = await groupOf(ctx);
  await ctx.agent.get(`/collectives/${id}/import`);
  const up = await uploadSheet(ctx.agent, `/collectives/${id}/import`, Buffer.from('name,consent_store\r\nMaria Ionescu,yes\r\n'), { filename: 'w.csv' });
  const at = String(up.headers.location);
  // The page's own hidden token is left out: each check sends (or withholds) the token itself.
  const { _csrf: _token, ...mapping } = formOnPage((await ctx.agent.get(at)).body, `${at}/preview`);
  return { at, mapping };
}

const ROUTES: Record<string, RouteCheck> = {
  // ---- signing in and the account
  'POST /login': { as: null, status: 303, prepare: () => ({ page: '/login', url: '/login', form: { email: COUNSELLOR, password: DEMO_PASSWORD } }) },
  'POST /logout': { as: COUNSELLOR, status: 303, prepare: () => ({ page: '/', url: '/logout' }) },
  'POST /set-password': {
    as: null,
    status: 303,
    prepare: async ({ t, d }) => {
      const { token } = await issueLinkAsSupervisor(t.db, actorOf(d.supervisor, d.ldn.id), d.counsellor.id, '127.0.0.1', t.clock.now());
      return { page: `/set-password/${token}`, url: '/set-password', form: { token, password: 'correct horse battery', confirm: 'correct horse battery' } };
    },
  },
  // Sets only a cookie, no row: the language of the pages before sign-in.
  'POST /language': { as: null, status: 303, changes: false, prepare: () => ({ page: '/login', url: '/language', form: { locale: 'fr', back: '/login' } }) },
  'POST /account/language': { as: COUNSELLOR, status: 303, prepare: () => ({ page: '/account', url: '/account/language', form: { locale: 'de' } }) },
  'POST /account/password': {
    as: COUNSELLOR,
    status: 303,
    prepare: () => ({ page: '/account', url: '/account/password', form: { current: DEMO_PASSWORD, password: 'a much longer passphrase', confirm: 'a much longer passphrase' } }),
  },
  'POST /account/sessions/:handle/end': {
    as: COUNSELLOR,
    status: 303,
    prepare: async (ctx) => ({ page: '/account', url: `/account/sessions/${await otherSessionHandle(ctx)}/end` }),
  },
  'POST /account/sessions/end-others': {
    as: COUNSELLOR,
    status: 303,
    prepare: async (ctx) => {
      await otherSessionHandle(ctx);
      return { page: '/account', url: '/account/sessions/end-others' };
    },
  },

  'POST /login/code': {
    as: null,
    status: 303,
    prepare: async ({ t, agent }) => {
      const { secret } = await enrolSecondFactor(await signIn(t.app, COUNSELLOR), t.clock.now());
      t.clock.advance(30_000); // the next code: the one used to set it up is spent
      await agent.get('/login');
      await agent.post('/login', { email: COUNSELLOR, password: DEMO_PASSWORD });
      return { page: '/login/code', url: '/login/code', form: { otp: codeAt(secret, t.clock.now()) } };
    },
  },
  'POST /account/second-factor': {
    as: COUNSELLOR,
    status: 200,
    prepare: async ({ t, agent }) => {
      const page = (await agent.get('/account/second-factor')).body;
      return { page: '/account/second-factor', url: '/account/second-factor', form: { otp: codeAt(secretOnPage(page)!, t.clock.now()), otpTicket: ticketOnPage(page)! } };
    },
  },
  'POST /account/second-factor/recovery-codes': {
    as: COUNSELLOR,
    status: 200,
    prepare: async ({ t, agent }) => {
      const { secret } = await enrolSecondFactor(agent, t.clock.now());
      t.clock.advance(30_000);
      return { page: '/account/second-factor', url: '/account/second-factor/recovery-codes', form: { otp: codeAt(secret, t.clock.now()) } };
    },
  },

  // ---- administration
  'POST /admin/users': { as: ADMIN, status: 201, prepare: ({ d }) => ({ page: '/admin/users/new', url: '/admin/users', form: userForm(d) }) },
  'POST /admin/users/:id': {
    as: ADMIN,
    status: 303,
    prepare: ({ d }) => ({
      page: `/admin/users/${d.counsellor2.id}`,
      url: `/admin/users/${d.counsellor2.id}`,
      form: userForm(d, { displayName: 'Luis Ortega Ruiz', email: 'counsellor2@demo.test', contactPointIds: String(d.chi.id) }),
    }),
  },
  'POST /admin/users/:id/password-link': {
    as: ADMIN,
    status: 200,
    prepare: ({ d }) => ({ page: `/admin/users/${d.coordinator.id}`, url: `/admin/users/${d.coordinator.id}/password-link` }),
  },
  'POST /admin/users/:id/second-factor/reset': {
    as: ADMIN,
    status: 303,
    prepare: async ({ t, d }) => {
      await enrolSecondFactor(await signIn(t.app, COUNSELLOR), t.clock.now());
      return { page: `/admin/users/${d.counsellor.id}/second-factor/reset`, url: `/admin/users/${d.counsellor.id}/second-factor/reset` };
    },
  },
  'POST /admin/contact-points': { as: ADMIN, status: 303, prepare: () => ({ page: '/admin/contact-points/new', url: '/admin/contact-points', form: contactPointForm() }) },
  'POST /admin/contact-points/:id': {
    as: ADMIN,
    status: 303,
    prepare: ({ d }) => ({
      page: `/admin/contact-points/${d.ldn.id}`,
      url: `/admin/contact-points/${d.ldn.id}`,
      form: contactPointForm({ name: 'London Migrant Workers Desk', country: 'GB', city: 'London', timezone: 'Europe/London', refPrefix: 'LDN' }),
    }),
  },
  'POST /contact-points/:id/holidays': {
    as: SUPERVISOR,
    status: 303,
    prepare: ({ d }) => ({ page: `/contact-points/${d.ldn.id}/holidays`, url: `/contact-points/${d.ldn.id}/holidays`, form: { date: '2026-05-15', name: 'San Isidro, Madrid' } }),
  },
  'POST /contact-points/:id/holidays/:holidayId/delete': {
    as: ADMIN,
    status: 303,
    prepare: async (ctx) => {
      const page = `/contact-points/${ctx.d.ldn.id}/holidays`;
      await submit(ctx.agent, page, page, { date: '2026-05-15', name: 'San Isidro, Madrid' });
      return { page, url: `${page}/${lastId(ctx, 'contact_point_holidays')}/delete` };
    },
  },
  'POST /admin/rules': {
    as: ADMIN,
    status: 303,
    prepare: () => ({ page: '/admin/rules/new', url: '/admin/rules', form: { ...AUSTRIAN_RULE_FORM } }),
  },
  'POST /admin/rules/new/preview': {
    as: ADMIN,
    status: 200,
    changes: false,
    prepare: () => ({ page: '/admin/rules/new', url: '/admin/rules/new/preview', form: { ...AUSTRIAN_RULE_FORM, previewTrigger: '2026-02-02' } }),
  },
  'POST /admin/rules/:ruleId/versions': {
    as: ADMIN,
    status: 303,
    prepare: () => ({ page: '/admin/rules/us-flsa/versions/new', url: '/admin/rules/us-flsa/versions', form: ruleVersionForm }),
  },
  'POST /admin/rules/:ruleId/versions/:version': {
    as: ADMIN,
    status: 303,
    prepare: () => ({
      page: '/admin/rules/uk-et-wages/versions/2',
      url: '/admin/rules/uk-et-wages/versions/2',
      form: { validFrom: '2026-03-01', validTo: '', status: 'active', statusNote: '', endPrevious: 'on' },
    }),
  },

  // ---- intake
  'POST /cases/new/person': {
    as: COUNSELLOR,
    status: 303,
    prepare: ({ d }) => ({
      page: '/cases/new/person',
      url: '/cases/new/person',
      form: { contactPointId: String(d.ldn.id), consentGivenOn: '2026-11-20', consentScopes: ['store'], name: 'Olena Kovalenko', preferredLanguage: 'uk', immigrationStatus: 'unknown' },
    }),
  },
  'POST /cases/new/case': {
    as: COUNSELLOR,
    status: 303,
    prepare: ({ t, d }) => {
      const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id }, t.clock.now());
      return {
        page: `/cases/new/case?person=${person.id}`,
        url: '/cases/new/case',
        form: { personId: String(person.id), caseTypes: ['wage_theft'], jurisdictionCountry: 'GB', priority: 'normal', summary: 'Six weeks unpaid on a fruit farm.', currency: 'GBP', assignedTo: d.counsellor.id },
      };
    },
  },
  'POST /cases/new/anonymous': {
    as: COUNSELLOR,
    status: 303,
    prepare: ({ d }) => ({
      page: '/cases/new/anonymous',
      url: '/cases/new/anonymous',
      form: { contactPointId: String(d.ldn.id), jurisdictionCountry: 'GB', summary: 'Asked about holiday pay after leaving a care job.' },
    }),
  },

  // ---- the case page
  'POST /cases/:id/notes': {
    as: COUNSELLOR,
    status: 200,
    prepare: (ctx) => {
      const kase = londonCase(ctx);
      return { page: `/cases/${kase.id}`, url: `/cases/${kase.id}/notes`, form: { kind: 'note', body: 'Called the agency about the payslips.' } };
    },
  },
  'POST /cases/:id/edit': {
    as: COUNSELLOR,
    status: 303,
    prepare: (ctx) => {
      const kase = londonCase(ctx);
      return { page: `/cases/${kase.id}/edit`, url: `/cases/${kase.id}/edit`, form: { caseTypes: 'wage_theft', priority: 'urgent', jurisdictionCountry: 'GB', summary: 'Kitchen porter, six weeks unpaid.' } };
    },
  },
  'POST /cases/:id/status': {
    as: COUNSELLOR,
    status: 303,
    prepare: (ctx) => {
      const kase = londonCase(ctx, { status: 'intake' });
      return { page: `/cases/${kase.id}`, url: `/cases/${kase.id}/status`, form: { move: 'open' } };
    },
  },
  'POST /cases/:id/assign': {
    as: SUPERVISOR,
    status: 303,
    prepare: (ctx) => {
      const kase = londonCase(ctx);
      return { page: `/cases/${kase.id}`, url: `/cases/${kase.id}/assign`, form: { assignee: ctx.d.supervisor.id } };
    },
  },

  // ---- people and parties
  'POST /people/:id/consent': {
    as: COUNSELLOR,
    status: 303,
    prepare: ({ t, d }) => {
      const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id }, t.clock.now());
      return { page: `/people/${person.id}`, url: `/people/${person.id}/consent`, form: { consentGivenOn: '2026-11-22', consentScopes: ['store'], consentNote: 'Withdrew sharing' } };
    },
  },
  'POST /admin/translations/:language': {
    as: ADMIN,
    status: 303,
    prepare: () => ({ page: '/admin/translations/fr', url: '/admin/translations/fr', form: { reviewerName: 'Camille Martin', reviewedOn: '2026-11-20', note: '', version: '0' } }),
  },
  'POST /admin/translations/:language/withdraw': {
    as: ADMIN,
    status: 303,
    prepare: async ({ t }) => {
      const admin = await signIn(t.app, ADMIN);
      await admin.post('/admin/translations/fr', { reviewerName: 'Camille Martin', reviewedOn: '2026-11-20', note: '', version: '0' });
      return { page: '/admin/translations/fr', url: '/admin/translations/fr/withdraw', form: { version: '1' } };
    },
  },
  'POST /admin/retention/:caseType': {
    as: ADMIN,
    status: 303,
    prepare: () => ({ page: '/admin/retention/information_only', url: '/admin/retention/information_only', form: { months: '18' } }),
  },
  'POST /cases/:id/legal-hold': {
    as: SUPERVISOR,
    status: 303,
    prepare: (ctx) => {
      const kase = londonCase(ctx);
      return { page: `/cases/${kase.id}/legal-hold`, url: `/cases/${kase.id}/legal-hold`, form: { hold: 'set', reason: 'Tribunal claim pending.' } };
    },
  },
  'POST /people/:id/erase': {
    as: SUPERVISOR,
    status: 303,
    prepare: ({ t, d }) => {
      const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id }, t.clock.now());
      return { page: `/people/${person.id}/erase`, url: `/people/${person.id}/erase`, form: { reason: 'Asked at the desk, in person.', confirm: String(person.id) } };
    },
  },
  'POST /people/:id/edit': {
    as: COUNSELLOR,
    status: 303,
    prepare: ({ t, d }) => {
      const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id }, t.clock.now());
      return { page: `/people/${person.id}/edit`, url: `/people/${person.id}/edit`, form: { name: 'Olena Kovalenko', preferredLanguage: 'uk', immigrationStatus: 'unknown' } };
    },
  },
  'POST /people/:id/export': {
    as: COUNSELLOR,
    status: 200,
    prepare: ({ t, d }) => {
      const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id }, t.clock.now());
      return { page: `/people/${person.id}/export`, url: `/people/${person.id}/export`, form: { reviewed: 'on' } };
    },
  },
  'POST /cases/:id/parties': {
    as: COUNSELLOR,
    status: 303,
    prepare: (ctx) => {
      const kase = londonCase(ctx);
      return {
        page: `/cases/${kase.id}/parties/new`,
        url: `/cases/${kase.id}/parties`,
        form: { name: 'Harbourside Freight Services Ltd', kind: 'labour_provider', country: 'gb', sector: 'delivery_logistics', registrationNumber: '', address: '', role: 'labour_provider' },
      };
    },
  },
  'POST /cases/:id/parties/:partyId/unlink': {
    as: COUNSELLOR,
    status: 303,
    prepare: (ctx) => {
      const kase = londonCase(ctx, { parties: [{ name: 'Kingfisher Lettings', kind: 'landlord' }] });
      return { page: `/cases/${kase.id}`, url: `/cases/${kase.id}/parties/${lastId(ctx, 'parties')}/unlink`, form: { reason: 'Linked by mistake.' } };
    },
  },
  'POST /cases/:id/parties/:partyId/relink': {
    as: COUNSELLOR,
    status: 303,
    prepare: async (ctx) => {
      const kase = londonCase(ctx, { parties: [{ name: 'Kingfisher Lettings', kind: 'landlord' }] });
      const partyId = lastId(ctx, 'parties');
      await submit(ctx.agent, `/cases/${kase.id}/parties/new`, `/cases/${kase.id}/parties/${partyId}/unlink`, { reason: 'Linked by mistake.' });
      return { page: `/cases/${kase.id}/parties/new?undo=${partyId}`, url: `/cases/${kase.id}/parties/${partyId}/relink` };
    },
  },
  'POST /parties/:id': {
    as: COUNSELLOR,
    status: 303,
    prepare: (ctx) => {
      const { t, d } = ctx;
      const party = t.db.transaction((tx) => insertParty(tx, { name: 'Blue Harbour Ltd', kind: 'labour_provider', country: 'GB', createdAt: t.clock.now(), createdBy: d.counsellor.id }));
      // Only a desk whose cases name the party may change it.
      const kase = londonCase(ctx);
      t.db.transaction((tx) => linkPartyToCase(tx, kase.id, party.id, 'labour_provider'));
      return {
        page: `/parties/${party.id}/edit`,
        url: `/parties/${party.id}`,
        form: { name: 'Blue Harbour Quayside Ltd', kind: 'labour_provider', country: 'GB', sector: 'manufacturing', registrationNumber: '', address: '' },
      };
    },
  },

  // ---- partners and referrals
  'POST /partners': { as: ADMIN, status: 303, prepare: () => ({ page: '/partners/new', url: '/partners', form: partnerForm() }) },
  'POST /partners/:id': {
    as: ADMIN,
    status: 303,
    prepare: ({ t }) => {
      const id = t.db.select().from(partners).where(eq(partners.name, JCWI)).get()!.id;
      return { page: `/partners/${id}/edit`, url: `/partners/${id}`, form: partnerForm({ name: JCWI, country: 'GB', active: '' }) };
    },
  },
  'POST /cases/:id/referrals': {
    as: COUNSELLOR,
    status: 303,
    prepare: (ctx) => {
      const kase = londonCase(ctx);
      return { page: `/cases/${kase.id}/referrals/new`, url: `/cases/${kase.id}/referrals`, form: referralForm(ctx) };
    },
  },
  'POST /referrals/:id/edit': {
    as: COUNSELLOR,
    status: 303,
    prepare: async (ctx) => {
      const id = await draftReferral(ctx);
      return { page: `/referrals/${id}/edit`, url: `/referrals/${id}/edit`, form: referralForm(ctx, { intent: 'draft', reason: 'She needs regulated immigration advice after her dismissal.' }) };
    },
  },
  'POST /referrals/:id/moves': {
    as: COUNSELLOR,
    status: 303,
    prepare: async (ctx) => {
      const id = await draftReferral(ctx);
      return { page: `/referrals/${id}`, url: `/referrals/${id}/moves`, form: { move: 'send', followUpOn: '2099-01-15' } };
    },
  },
  'POST /referrals/:id/follow-up': {
    as: COUNSELLOR,
    status: 303,
    prepare: async (ctx) => {
      const kase = londonCase(ctx);
      await submit(ctx.agent, `/cases/${kase.id}/referrals/new`, `/cases/${kase.id}/referrals`, referralForm(ctx));
      const id = lastId(ctx, 'referrals');
      return { page: `/referrals/${id}`, url: `/referrals/${id}/follow-up`, form: { followUpOn: '2099-06-01' } };
    },
  },
  'POST /referrals/:id/links': {
    as: COUNSELLOR,
    status: 201,
    prepare: async (ctx) => {
      const { id, fileId } = await sentReferralWithFile(ctx);
      return { page: `/referrals/${id}`, url: `/referrals/${id}/links`, form: { evidenceIds: String(fileId), expiresInDays: '14' } };
    },
  },
  'POST /referrals/:id/links/:linkId/revoke': {
    as: COUNSELLOR,
    status: 303,
    prepare: async (ctx) => {
      const { id, fileId } = await sentReferralWithFile(ctx);
      await submit(ctx.agent, `/referrals/${id}`, `/referrals/${id}/links`, { evidenceIds: String(fileId), expiresInDays: '14' });
      return { page: `/referrals/${id}`, url: `/referrals/${id}/links/${lastId(ctx, 'partner_links')}/revoke` };
    },
  },

  // ---- transfers
  'POST /cases/:id/transfers': {
    as: COUNSELLOR,
    status: 303,
    prepare: (ctx) => {
      const kase = londonCase(ctx);
      return { page: `/cases/${kase.id}`, url: `/cases/${kase.id}/transfers`, form: { toContactPointId: String(ctx.d.chi.id), reason: 'He has moved to Chicago and wants to pursue the claim from there.' } };
    },
  },
  'POST /transfers/:id/cancel': {
    as: COUNSELLOR,
    status: 303,
    prepare: async (ctx) => {
      const id = await proposedTransfer(ctx, ctx.agent);
      return { page: `/transfers/${id}`, url: `/transfers/${id}/cancel` };
    },
  },
  'POST /transfers/:id/decision': {
    as: 'supervisor2@demo.test',
    status: 303,
    prepare: async (ctx) => {
      const id = await proposedTransfer(ctx, await signIn(ctx.t.app, COUNSELLOR));
      return { page: `/transfers/${id}`, url: `/transfers/${id}/decision`, form: { decision: 'accept', assignee: ctx.d.counsellor2.id, note: 'Luis speaks Polish too.' } };
    },
  },

  // ---- deadlines
  'POST /cases/:id/deadlines/triggers': {
    as: COUNSELLOR,
    status: 303,
    clock: DEADLINE_DAY,
    prepare: (ctx) => {
      const kase = wagesCase(ctx);
      return { page: `/cases/${kase.id}/deadlines`, url: `/cases/${kase.id}/deadlines/triggers`, form: { last_deduction_date: '2026-03-15' } };
    },
  },
  'POST /cases/:id/deadlines/confirm': {
    as: COUNSELLOR,
    status: 303,
    clock: DEADLINE_DAY,
    prepare: async (ctx) => {
      const kase = await proposedDeadline(ctx);
      return { page: `/cases/${kase.id}/deadlines`, url: `/cases/${kase.id}/deadlines/confirm`, form: { ruleId: 'uk-et-wages', computed: '2026-06-14' } };
    },
  },
  'POST /cases/:id/deadlines/edit-proposal': {
    as: COUNSELLOR,
    status: 303,
    clock: DEADLINE_DAY,
    prepare: async (ctx) => {
      const kase = await proposedDeadline(ctx);
      return {
        page: `/cases/${kase.id}/deadlines`,
        url: `/cases/${kase.id}/deadlines/edit-proposal`,
        form: { ruleId: 'uk-et-wages', computed: '2026-06-14', dueDate: '2026-06-12', reason: 'File two days early: the office is closed on 13 June.' },
      };
    },
  },
  'POST /cases/:id/deadlines/dismiss': {
    as: COUNSELLOR,
    status: 303,
    clock: DEADLINE_DAY,
    prepare: async (ctx) => {
      const kase = await proposedDeadline(ctx);
      return { page: `/cases/${kase.id}/deadlines`, url: `/cases/${kase.id}/deadlines/dismiss`, form: { ruleId: 'uk-et-wages', computed: '2026-06-14' } };
    },
  },
  'POST /cases/:id/deadlines/manual': {
    as: COUNSELLOR,
    status: 303,
    clock: DEADLINE_DAY,
    prepare: (ctx) => {
      const kase = wagesCase(ctx);
      return { page: `/cases/${kase.id}/deadlines`, url: `/cases/${kase.id}/deadlines/manual`, form: { title: 'Send the letter before claim', dueDate: '2026-06-10' } };
    },
  },
  'POST /deadlines/:id/status': {
    as: COUNSELLOR,
    status: 200,
    clock: DEADLINE_DAY,
    prepare: async (ctx) => {
      const { id } = await manualDeadline(ctx);
      return { page: '/', url: `/deadlines/${id}/status`, form: { status: 'done', context: 'dashboard' } };
    },
  },
  'POST /deadlines/:id/edit': {
    as: COUNSELLOR,
    status: 303,
    clock: DEADLINE_DAY,
    prepare: async (ctx) => {
      const { kase, id } = await manualDeadline(ctx);
      return { page: `/cases/${kase.id}/deadlines`, url: `/deadlines/${id}/edit`, form: { dueDate: '2026-06-12', reason: 'The office is closed on 13 June.' } };
    },
  },
  'POST /deadlines/:id/recompute': {
    as: COUNSELLOR,
    status: 303,
    clock: DEADLINE_DAY,
    prepare: async (ctx) => {
      const kase = await proposedDeadline(ctx);
      const page = `/cases/${kase.id}/deadlines`;
      await submit(ctx.agent, page, `${page}/confirm`, { ruleId: 'uk-et-wages', computed: '2026-06-14' });
      await submit(ctx.agent, page, `${page}/triggers`, { last_deduction_date: '2026-03-31' });
      return { page, url: `/deadlines/${lastId(ctx, 'deadlines')}/recompute` };
    },
  },
  'POST /deadlines/calendar': { as: COUNSELLOR, status: 201, prepare: () => ({ page: '/deadlines/calendar', url: '/deadlines/calendar' }) },
  'POST /deadlines/calendar/revoke': {
    as: COUNSELLOR,
    status: 303,
    prepare: async ({ agent }) => {
      await submit(agent, '/deadlines/calendar', '/deadlines/calendar');
      return { page: '/deadlines/calendar', url: '/deadlines/calendar/revoke' };
    },
  },

  // ---- collective cases (issue 15)
  'POST /collectives': {
    as: COUNSELLOR,
    status: 303,
    prepare: ({ d }) => ({ page: '/collectives/new', url: '/collectives', form: { contactPointId: String(d.ldn.id), title: 'Holiday pay at Harbour Foods', partyName: 'Harbour Foods Ltd', partyKind: 'employer' } }),
  },
  'POST /collectives/:id/edit': {
    as: COUNSELLOR,
    status: 303,
    prepare: async (ctx) => {
      const id = await groupOf(ctx);
      return { page: `/collectives/${id}/edit`, url: `/collectives/${id}/edit`, form: { title: 'A new title', summary: '', status: 'open' } };
    },
  },
  'POST /collectives/:id/entries': {
    as: COUNSELLOR,
    status: 303,
    prepare: async (ctx) => {
      const id = await groupOf(ctx);
      return { page: `/collectives/${id}`, url: `/collectives/${id}/entries`, form: { kind: 'note', body: 'Meeting with the employer on Friday.' } };
    },
  },
  'POST /collectives/:id/members': {
    as: COUNSELLOR,
    status: 303,
    prepare: async (ctx) => {
      const id = await groupOf(ctx);
      return { page: `/collectives/${id}`, url: `/collectives/${id}/members`, form: { caseIds: String(londonCase(ctx).id) } };
    },
  },
  'POST /collectives/:id/leave': {
    as: COUNSELLOR,
    status: 303,
    prepare: async (ctx) => {
      const kase = londonCase(ctx);
      const id = await groupOf(ctx, [kase.id]);
      return { page: `/collectives/${id}`, url: `/collectives/${id}/leave`, form: { caseId: String(kase.id), reason: 'Settled on her own.' } };
    },
  },
  // As htmx posts a form (urlencoded), the upload carries no file: refused with its message (the multipart upload's
  // own token check is in collective.test.ts).
  'POST /collectives/:id/import': {
    as: COUNSELLOR,
    status: 422,
    changes: false,
    prepare: async (ctx) => {
      const id = await groupOf(ctx);
      return { page: `/collectives/${id}/import`, url: `/collectives/${id}/import`, form: { caseType: 'wage_theft' } };
    },
  },
  'POST /collectives/:id/import/:token/preview': {
    as: COUNSELLOR,
    status: 200,
    changes: false,
    prepare: async (ctx) => {
      const { at, mapping } = await stagedSheet(ctx);
      return { page: at, url: `${at}/preview`, form: mapping };
    },
  },
  'POST /collectives/:id/import/:token/confirm': {
    as: COUNSELLOR,
    status: 303,
    prepare: async (ctx) => {
      const { at, mapping } = await stagedSheet(ctx);
      return { page: at, url: `${at}/confirm`, form: mapping };
    },
  },
  // Shared files and deadlines (src/collective/shared-*.service.ts). The upload is multipart only, as a case's is.
  'POST /collectives/:id/evidence': {
    as: COUNSELLOR,
    status: 400,
    changes: false,
    prepare: async (ctx) => {
      const id = await groupOf(ctx);
      return { page: `/collectives/${id}/evidence`, url: `/collectives/${id}/evidence`, form: { category: 'other' } };
    },
  },
  'POST /collectives/:id/evidence/:fileId/delete': {
    as: COUNSELLOR,
    status: 303,
    prepare: async (ctx) => {
      const id = await groupOf(ctx);
      await ctx.agent.get(`/collectives/${id}/evidence`);
      await ctx.agent.postMultipart(`/collectives/${id}/evidence`, [{ name: 'category', value: 'other' }, { name: 'files', filename: 'notice.txt', bytes: 'Notice of dismissal to the whole shift.' }]);
      const fileId = /evidence\/(\d+)\/download/.exec((await ctx.agent.get(`/collectives/${id}/evidence`)).body)![1];
      return { page: `/collectives/${id}/evidence`, url: `/collectives/${id}/evidence/${fileId}/delete`, form: { reason: 'Uploaded to the wrong group' } };
    },
  },
  'POST /collectives/:id/deadlines': {
    as: COUNSELLOR,
    status: 303,
    prepare: async (ctx) => {
      const id = await groupOf(ctx, [londonCase(ctx, { caseTypes: ['dismissal_retaliation'] }).id]);
      return { page: `/collectives/${id}/deadlines`, url: `/collectives/${id}/deadlines`, form: { ruleId: 'uk-et-unfair-dismissal', triggerDate: '2026-10-30' } };
    },
  },
  'POST /collectives/:id/deadlines/:deadlineId': {
    as: COUNSELLOR,
    status: 303,
    prepare: async (ctx) => {
      const id = await groupOf(ctx, [londonCase(ctx, { caseTypes: ['dismissal_retaliation'] }).id]);
      await submit(ctx.agent, `/collectives/${id}/deadlines`, `/collectives/${id}/deadlines`, { ruleId: 'uk-et-unfair-dismissal', triggerDate: '2026-10-30' });
      const gd = lastId(ctx, 'collective_deadlines');
      return { page: `/collectives/${id}/deadlines`, url: `/collectives/${id}/deadlines/${gd}`, form: { triggerDate: '2026-11-06' } };
    },
  },
  'POST /collectives/:id/letters': {
    as: COUNSELLOR,
    status: 303,
    prepare: async (ctx) => {
      const id = await groupOf(ctx);
      return { page: `/collectives/${id}/letters`, url: `/collectives/${id}/letters`, form: { kind: 'worker_summary', safeToKeep: 'on' } };
    },
  },

  // ---- letters
  'POST /cases/:id/letters/preview': {
    as: COUNSELLOR,
    status: 200,
    changes: false,
    prepare: (ctx) => {
      const kase = londonCase(ctx);
      return { page: `/cases/${kase.id}/letters/new?kind=letter_before_claim`, url: `/cases/${kase.id}/letters/preview`, form: { ...letterForm, employerPartyId: letterEmployer(ctx, kase.id) } };
    },
  },
  'POST /cases/:id/letters/generate': {
    as: COUNSELLOR,
    status: 303,
    prepare: (ctx) => {
      const kase = londonCase(ctx);
      return { page: `/cases/${kase.id}/letters/new?kind=letter_before_claim`, url: `/cases/${kase.id}/letters/generate`, form: { ...letterForm, employerPartyId: letterEmployer(ctx, kase.id) } };
    },
  },

  // ---- evidence files
  'POST /cases/:id/evidence': {
    as: COUNSELLOR,
    // The upload takes multipart bodies only: a urlencoded one is malformed. Its token, read from the first part
    // before any file byte, is tested with real uploads in evidence.test.ts.
    status: 400,
    changes: false,
    prepare: (ctx) => {
      const kase = londonCase(ctx);
      return { page: `/cases/${kase.id}/evidence`, url: `/cases/${kase.id}/evidence`, form: { category: 'payslip' } };
    },
  },
  'POST /cases/:id/evidence/:fileId/delete': {
    as: COUNSELLOR,
    status: 200,
    prepare: async (ctx) => {
      const kase = londonCase(ctx);
      await ctx.agent.get(`/cases/${kase.id}/evidence`);
      await ctx.agent.postMultipart(`/cases/${kase.id}/evidence`, [{ name: 'category', value: 'payslip' }, { name: 'files', filename: 'notes.txt', bytes: 'Paid 40 hours of 62.' }]);
      const id = /evidence\/(\d+)\/download/.exec((await ctx.agent.get(`/cases/${kase.id}/evidence`)).body)![1];
      return { page: `/cases/${kase.id}/evidence`, url: `/cases/${kase.id}/evidence/${id}/delete`, form: { reason: 'Attached to the wrong case' } };
    },
  },

  // ---- supervision
  'POST /supervision/reassign': {
    as: SUPERVISOR,
    status: 200,
    prepare: (ctx) => {
      const kase = londonCase(ctx, { assignedTo: null });
      return { page: '/supervision', url: '/supervision/reassign', form: { cp: String(ctx.d.ldn.id), from: 'unassigned', cases: [String(kase.id)], to: ctx.d.counsellor.id, confirm: 'yes', reason: 'Amira is on leave.' } };
    },
  },
  'POST /supervision/closures/:id': {
    as: SUPERVISOR,
    status: 200,
    prepare: async (ctx) => {
      const kase = londonCase(ctx, { amountClaimedMinor: 420_000, currency: 'GBP' });
      await moveCase(ctx.t.db, actorOf(ctx.d.counsellor, ctx.d.ldn.id), kase.id, 'request_closure', { outcome: 'settled', amountRecovered: 310_000, currency: 'GBP', note: 'Settled at ACAS.' }, null, ctx.t.clock.now());
      return { page: '/supervision/closures', url: `/supervision/closures/${kase.id}`, form: { move: 'approve_closure', approvalComment: 'Well done.', checklistChecked: 'on' } };
    },
  },
  'POST /supervision/accounts/:id/confirm': {
    as: SUPERVISOR,
    status: 303,
    prepare: async (ctx) => {
      const input = { email: 'ioana@desk.example', displayName: 'Ioana Popescu', role: 'counsellor' as const, locale: 'en' as const, languages: ['en'], contactPointIds: [ctx.d.ldn.id], active: true };
      const created = await createUser(ctx.t.db, input, ctx.d.admin.id, ctx.t.clock.now());
      if (!created.ok) throw new Error('set-up: account not created');
      return { page: '/supervision/accounts', url: `/supervision/accounts/${created.user.id}/confirm` };
    },
  },
  'POST /supervision/accounts/:id/link': {
    as: SUPERVISOR,
    status: 200,
    prepare: ({ d }) => ({ page: '/supervision/accounts', url: `/supervision/accounts/${d.counsellor.id}/link` }),
  },
};

/** Every route that is not GET, HEAD or OPTIONS, read from the app's own route tree, as `METHOD /path`. */
function stateChangingRoutes(app: FastifyInstance): string[] {
  const found: string[] = [];
  const paths: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:│ {3}| {4})*)[├└]── (.*?)(?: \(([^)]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    const path = (depth ? paths[depth - 1]! : '') + m[2]!;
    paths[depth] = path;
    for (const method of (m[3] ?? '').split(', ')) if (method && !['GET', 'HEAD', 'OPTIONS'].includes(method)) found.push(`${method} ${path}`);
  }
  return found.sort();
}

/** One fingerprint per table (rows in rowid order): two snapshots differ exactly where something was written. */
function snapshot(t: TestApp): Record<string, string> {
  const client = t.db.$client;
  const tables = client.prepare("select name from sqlite_master where type = 'table' order by name").all() as { name: string }[];
  return Object.fromEntries(
    tables.map(({ name }) => {
      const rows = client.prepare(`select * from "${name}"`).raw().all();
      return [name, createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16)];
    }),
  );
}
const changedTables = (before: Record<string, string>, after: Record<string, string>) =>
  Object.keys({ ...before, ...after }).filter((name) => before[name] !== after[name]);

describe('CSRF on every state-changing route, as htmx sends it', () => {
  it('covers every state-changing route of the app', async () => {
    t = await createTestApp({}, { seed: false });
    const routes = stateChangingRoutes(t.app);
    expect(routes.length).toBeGreaterThan(40);
    expect(routes).toEqual(Object.keys(ROUTES).sort());
  });

  it.each(Object.entries(ROUTES))('%s: refused without the token, carried out with it', async (_route, check) => {
    t = await createTestApp({}, { clock: check.clock ? new TestClock(new Date(check.clock)) : undefined });
    const agent = check.as ? await signIn(t.app, check.as) : new Agent(t.app);
    const ctx: Ctx = { t, d: demo(t.db), agent };
    const { url, form: prepared = {}, page } = await check.prepare(ctx);
    const shown = await agent.get(page);
    // An edit form is posted back with the version it was loaded with, as the browser does.
    const version = /name="version" value="(\d+)"/.exec(shown.body)?.[1];
    const form = version && !('version' in prepared) ? { ...prepared, version } : prepared;
    expect(agent.htmxCsrf, `${page} carries the token in hx-headers`).not.toBe('');
    const before = snapshot(t);

    const missing = await agent.postRaw(url, form, { 'hx-request': 'true' });
    expect(missing.statusCode).toBe(403);
    // The refusal is shown in the page's flash area, not swapped into the form's target.
    expect(missing.headers['hx-retarget']).toBe('#flash');
    expect(textOf(missing.body)).toContain('the form expired. Reload the page and try again.');
    // A well-formed token, but another browser's: what a forged request could at best carry.
    const stranger = new Agent(t.app);
    await stranger.get('/login');
    const forged = await agent.postRaw(url, form, { 'hx-request': 'true', 'x-csrf-token': stranger.htmxCsrf });
    expect(forged.statusCode).toBe(403);
    expect(changedTables(before, snapshot(t))).toEqual([]);

    const sent = await agent.htmxPost(url, form);
    expect(sent.statusCode, textOf(sent.body).slice(0, 300)).toBe(check.status);
    if (check.changes === false) expect(changedTables(before, snapshot(t))).toEqual([]);
    else expect(changedTables(before, snapshot(t))).not.toEqual([]);
  });
});
