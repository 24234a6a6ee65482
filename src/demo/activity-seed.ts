import { and, eq, or } from 'drizzle-orm';
import type { Actor } from '../auth/policy.js';
import type { CaseEditInput } from '../cases/case-page.schema.js';
import { addTimelineEntry, editableValues, updateCaseDetails } from '../cases/case-page.service.js';
import { caseTypesOf } from '../cases/cases.repo.js';
import { caseFor } from '../cases/cases.service.js';
import { cases } from '../cases/cases.table.js';
import { contactPoints } from '../contact-points/contact-points.table.js';
import type { Db } from '../db/client.js';
import { write, writeBatch } from '../db/write.js';
import { addDays, addYears, dayOfWeek, todayIn, type IsoDate } from '../deadlines/compute.js';
import {
  addManualDeadline,
  caseDeadlinesView,
  confirmProposal,
  recomputeDeadline,
  saveTriggerDates,
  setDeadlineStatus,
  type ActorRef,
  type FormResult,
} from '../deadlines/deadlines.service.js';
import type { DeadlineStatus } from '../deadlines/deadlines.table.js';
import type { TriggerFieldId } from '../deadlines/rules.schema.js';
import { storeLetter } from '../documents/documents.service.js';
import { translator } from '../i18n/index.js';
import { loadLetterFacts, prefillLetterForm, snapshotFromForm } from '../letters/letter-from-case.js';
import type { ReferralField } from '../letters/letter-snapshot.js';
import { LetterForm, letterFormBody, type FormKind } from '../letters/letters.schema.js';
import { partners } from '../partners/partners.table.js';
import { people } from '../people/people.table.js';
import type { ReferralMove } from '../referrals/referral-states.js';
import { createReferral, moveReferral, submitNewReferral, type ReferralResult } from '../referrals/referrals.service.js';
import { decideTransfer, proposeTransfer, type TransferResult } from '../transfers/transfers.service.js';
import { contactPointsOfUser, findUserByEmail } from '../users/users.repo.js';
import { seedDemoPartners } from './partners-seed.js';

/*
 * What the demo desks did with their cases after intake: deadlines computed from the dates a counsellor entered
 * and confirmed (some met, one missed), reminders of their own, referrals to partners in every state, letters,
 * and transfers between London and Chicago. Everything goes through the features' own services with explicit
 * times, so the timeline events, audit entries and checks (consent before sending, trigger dates in the past,
 * a follow-up date not already passed) are exactly what the app writes. Dates are placed relative to `now` so
 * the dashboards always show something overdue, something due this week and more within the month.
 */

const DAY = 86_400_000;
const MINUTE = 60_000;

type Cp = 'LDN' | 'CHI';
/** Hours the desk's clock is behind UTC (winter time; close enough for demo timestamps, as in cases-seed). */
const utcOffsetHours: Record<Cp, number> = { LDN: 0, CHI: -6 };

type Staff = 'amira' | 'grace' | 'luis' | 'marisol';
const staffEmails: Record<Staff, string> = {
  amira: 'counsellor@demo.test',
  grace: 'supervisor@demo.test',
  luis: 'counsellor2@demo.test',
  marisol: 'supervisor2@demo.test',
};

/** What a step of a case's history may do, bound to that case and to the moment the step happens. */
type Desk = {
  /** A day relative to the desk's today at `now` (due dates, entered dates), as YYYY-MM-DD. */
  day(offset: number): IsoDate;
  /** The same, moved off a weekend: a counsellor sets reminders on working days. */
  workday(offset: number): IsoDate;
  /** Dates entered on the case's deadline form; those entered before are kept. */
  dates(by: Staff, dates: Partial<Record<TriggerFieldId, IsoDate>>): Promise<void>;
  /** Confirms the case's current proposal of a rule, as computed. */
  confirm(by: Staff, ruleId: string, key?: string): Promise<void>;
  recompute(by: Staff, key: string): Promise<void>;
  manual(by: Staff, title: string, due: IsoDate, key?: string): Promise<void>;
  status(by: Staff, key: string, status: DeadlineStatus): Promise<void>;
  refer(by: Staff, partner: string, input: { reason: string; request: string; fields: ReferralField[]; followUp: IsoDate | null; send: boolean }, key: string): Promise<void>;
  move(by: Staff, key: string, move: ReferralMove, note: string, followUp?: IsoDate): Promise<void>;
  letter(by: Staff, kind: FormKind, fill: (values: Record<string, unknown>, at: number) => Record<string, unknown>): Promise<void>;
  propose(by: Staff, to: Cp, reason: string, key: string): Promise<void>;
  accept(by: Staff, key: string, note: string, assignee: Staff): Promise<void>;
  log(by: Staff, kind: 'note' | 'call' | 'meeting', body: string): Promise<void>;
  edit(by: Staff, change: Partial<CaseEditInput>): Promise<void>;
};

/** A step: so many days ago, at a working hour of the desk (or of `clock`, the other desk, for its staff), what was done. */
type Step = [daysAgo: number, act: (desk: Desk) => void | Promise<void>, clock?: Cp];
type Plan = { person: string; cp: Cp; steps: Step[] };

/** Partners of the demo directory (partners-seed.ts); each referral below shares only the fields it needs. */
const JCWI = 'JCWI – Joint Council for the Welfare of Immigrants';
const WORK_RIGHTS = 'Work Rights Centre';
const NIJC = 'National Immigrant Justice Center';

const plans: Plan[] = [
  // ————————————————————————————————————————————————————————— London
  {
    // ACAS early conciliation on a discrimination claim: the limit is recomputed when the certificate arrives.
    person: 'Fatima Zahra Benali',
    cp: 'LDN',
    steps: [
      [56, (d) => d.dates('amira', { discrimination_act_date: d.day(-110), acas_day_a: d.day(-58) })],
      [56, (d) => d.confirm('amira', 'uk-acas-ec-period', 'acas')],
      [56, (d) => d.confirm('amira', 'uk-et-discrimination', 'et')],
      [20, (d) => d.dates('amira', { acas_day_b: d.day(-21) })],
      [20, (d) => d.status('amira', 'acas', 'done')],
      [20, (d) => d.recompute('amira', 'et')],
      [
        17,
        (d) =>
          d.letter('amira', 'worker_summary', (v, at) => ({
            ...v,
            // Rewritten for her, as a counsellor does: the case summary is written for colleagues.
            summary: 'Your manager told you to take off your headscarf for visits, and said you would "lose your visa" after you complained about racist remarks.',
            done: [
              ...(v.done as unknown[]),
              { date: d.day(-58), text: 'We started ACAS early conciliation with your employer.' },
              { date: d.day(-21), text: 'ACAS sent the certificate: your employer did not want to settle.' },
            ],
            next: [
              { action: 'Decide whether to bring the tribunal claim (we can help with the form)', who: 'You, with Amira', by: addDays(d.day(0), 8) },
              { action: 'Keep the manager’s voice messages; do not delete them from your phone', who: 'You', by: '' },
              { action: 'Ask the immigration adviser whether a claim affects your sponsorship', who: 'Amira', by: addDays(isoAt(at), 7) },
            ],
          })),
      ],
    ],
  },
  {
    // A sponsor licence revoked: the 60 days were met (new sponsor), then the visa expiry is tracked.
    person: 'Priya Raghunathan',
    cp: 'LDN',
    steps: [
      [169, (d) => d.dates('amira', { sponsorship_curtailment_date: d.day(-179) })],
      [169, (d) => d.confirm('amira', 'uk-sponsorship-curtailment', 'curtail')],
      [120, (d) => d.status('amira', 'curtail', 'done')],
      [120, (d) => d.dates('amira', { visa_expiry: d.day(25) })],
      [120, (d) => d.confirm('amira', 'uk-visa-expiry')],
    ],
  },
  {
    person: 'Kiran Gurung',
    cp: 'LDN',
    steps: [
      [55, (d) => d.dates('amira', { last_deduction_date: d.day(-65) })],
      [55, (d) => d.confirm('amira', 'uk-et-wages')],
      [
        54,
        (d) =>
          d.refer(
            'amira',
            WORK_RIGHTS,
            {
              reason: 'Recruitment fee of about £6,000 paid through a sub-agent in Kathmandu; £95 a week taken from his wages for overcrowded agency housing until the council stepped in.',
              request: 'Casework support for a tribunal claim to recover the rent deductions (the limit is in the deadlines below) and advice on getting the recruitment fee back.',
              fields: ['name', 'preferredLanguage', 'interpreterNeeded', 'contact', 'caseTypes', 'caseSummary', 'employer', 'amountsOwed', 'openDeadlines'],
              followUp: d.workday(-40),
              send: true,
            },
            'wrc',
          ),
      ],
      [45, (d) => d.move('amira', 'wrc', 'accept', 'Caseworker assigned; first appointment booked with a Nepali interpreter.', d.workday(9))],
    ],
  },
  {
    person: 'Ștefan Popescu',
    cp: 'LDN',
    steps: [
      [29, (d) => d.dates('amira', { last_deduction_date: d.day(-33), acas_day_a: d.day(-30) })],
      [29, (d) => d.confirm('amira', 'uk-acas-ec-period')],
      [29, (d) => d.confirm('amira', 'uk-et-wages')],
    ],
  },
  {
    // The worker decided against a claim; the limit passed and was marked missed.
    person: 'Rahim Uddin',
    cp: 'LDN',
    steps: [
      [99, (d) => d.dates('amira', { last_deduction_date: d.day(-100) })],
      [99, (d) => d.confirm('amira', 'uk-et-wages', 'et')],
      [8, (d) => d.status('amira', 'et', 'missed')],
    ],
  },
  {
    // A letter before claim, corrected once, and the reply it asks for.
    person: 'Zhang Wei',
    cp: 'LDN',
    steps: [
      [13, (d) => d.dates('amira', { last_deduction_date: d.day(-25) })],
      [13, (d) => d.confirm('amira', 'uk-et-wages')],
      [12, (d) => d.letter('amira', 'letter_before_claim', (v) => ({ ...lbcGoldenWok(v, false), responseDeadline: d.workday(2) }))],
      [9, (d) => d.letter('amira', 'letter_before_claim', (v) => ({ ...lbcGoldenWok(v, true), responseDeadline: d.workday(5) }))],
      [9, (d) => d.manual('amira', 'Employer’s reply to the letter before claim due', d.workday(5))],
    ],
  },
  {
    person: 'Dilnoza Karimova',
    cp: 'LDN',
    steps: [
      [23, (d) => d.dates('amira', { working_time_breach_date: d.day(-64) })],
      [23, (d) => d.confirm('amira', 'uk-et-working-time')],
      [23, (d) => d.manual('amira', 'Chase the scheme operator about the caravan lock', d.workday(-2))],
    ],
  },
  {
    person: 'Bogdan Lungu',
    cp: 'LDN',
    steps: [
      [74, (d) => d.dates('amira', { dismissal_date: d.day(-75) })],
      [74, (d) => d.confirm('amira', 'uk-et-unfair-dismissal', 'et')],
      [74, (d) => d.status('amira', 'et', 'done')],
      [19, (d) => d.manual('amira', 'Check the ET3 has arrived; prepare for the preliminary hearing', d.workday(5))],
    ],
  },
  {
    person: 'Samuel Owusu',
    cp: 'LDN',
    steps: [
      [199, (d) => d.dates('grace', { dismissal_date: d.day(-200) })],
      [199, (d) => d.confirm('grace', 'uk-et-unfair-dismissal', 'et')],
      [196, (d) => d.status('grace', 'et', 'done')],
      [34, (d) => d.manual('grace', 'Exchange witness statements for the full hearing', d.workday(12))],
    ],
  },
  {
    person: 'María José Hernández',
    cp: 'LDN',
    steps: [[35, (d) => d.manual('amira', 'Outcome of the hours review promised by the employer', d.workday(6))]],
  },
  {
    person: 'Ayşe Çerkezoğlu',
    cp: 'LDN',
    steps: [[39, (d) => d.manual('amira', 'Ask the HMRC officer for an update on the investigation', d.workday(10))]],
  },
  {
    person: 'Kwame Asante',
    cp: 'LDN',
    steps: [[17, (d) => d.manual('amira', 'Chase the agency for the security-check timesheets', d.workday(-3))]],
  },
  {
    person: 'Aleksandra Kowalczyk',
    cp: 'LDN',
    steps: [[13, (d) => d.manual('amira', 'Chase employer for payslips and the P45', d.day(0))]],
  },
  {
    // Immigration advice before anything was sent to the employer (her sponsor).
    person: 'Joy Dela Cruz',
    cp: 'LDN',
    steps: [
      [
        190,
        (d) =>
          d.refer(
            'amira',
            JCWI,
            {
              reason: 'Care worker on a Health and Care Worker visa; her employer (and sponsor) demands £3,000 "training costs" if she leaves within three years and threatens her sponsorship if she complains.',
              request: 'Advice on changing sponsor before we raise the recruitment fee and the repayment clause with the employer.',
              fields: ['name', 'preferredLanguage', 'contact', 'visa', 'caseTypes', 'caseSummary'],
              followUp: d.workday(-176),
              send: true,
            },
            'jcwi',
          ),
      ],
      [188, (d) => d.move('amira', 'jcwi', 'accept', 'Appointment with an adviser in two weeks.')],
      [176, (d) => d.move('amira', 'jcwi', 'complete', 'Advice given: she can look for a new sponsor; the repayment clause is likely unenforceable.')],
      [20, (d) => d.manual('amira', 'Ask the EAS inspector for an update on the fee complaint', d.workday(14))],
    ],
  },
  {
    // Urgent immigration advice; JCWI has not answered by the follow-up date.
    person: 'Grace Wanjiru',
    cp: 'LDN',
    steps: [
      [10, (d) => d.dates('amira', { visa_expiry: d.day(40) })],
      [10, (d) => d.confirm('amira', 'uk-visa-expiry')],
      [
        10,
        (d) =>
          d.refer(
            'amira',
            JCWI,
            {
              reason: 'Health and Care Worker dismissed by her sponsoring care agency, which says it will report the end of her sponsorship. No curtailment letter has arrived yet.',
              request: 'Urgent immigration advice: a new sponsor or another route before any curtailment, and what to do when the Home Office letter comes.',
              fields: ['name', 'preferredLanguage', 'contact', 'visa', 'caseTypes', 'caseSummary'],
              followUp: d.workday(-3),
              send: true,
            },
            'jcwi',
          ),
      ],
    ],
  },
  {
    person: 'Abdi Warsame',
    cp: 'LDN',
    steps: [
      [
        49,
        (d) =>
          d.refer(
            'amira',
            WORK_RIGHTS,
            {
              reason: 'Food-delivery rider treated as self-employed; knocked off his bike on shift and off work for five weeks with no income. Universal Credit claim made.',
              request: 'Advice on his employment status and whether he can claim sick pay and holiday pay from the platform.',
              fields: ['name', 'preferredLanguage', 'interpreterNeeded', 'contact', 'caseTypes', 'caseSummary', 'employer'],
              followUp: d.workday(-35),
              send: true,
            },
            'wrc',
          ),
      ],
      [42, (d) => d.move('amira', 'wrc', 'decline', 'Our employment caseworkers are full until next month. The union’s legal officer is already advising other couriers of the same company and is better placed.')],
    ],
  },
  {
    // She agreed to a specialist referral but has not yet consented to sharing: it waits as a draft.
    person: 'Mariam A.',
    cp: 'LDN',
    steps: [
      [
        32,
        (d) =>
          d.refer(
            'grace',
            'Kalayaan',
            {
              reason: 'Live-in domestic worker who left a private household after two years without days off or pay; the employer kept her passport.',
              request: 'Specialist support for a migrant domestic worker: getting her passport back, and the National Referral Mechanism if she wants it.',
              fields: ['preferredLanguage', 'interpreterNeeded', 'caseSummary'],
              followUp: null,
              send: false,
            },
            'kalayaan',
          ),
      ],
    ],
  },
  {
    // Handed to Chicago, where she moved: Chicago's supervisor accepted it.
    person: 'Chidinma Okeke',
    cp: 'LDN',
    steps: [
      [
        30,
        (d) =>
          d.propose(
            'amira',
            'CHI',
            'She has accepted a nursing post in Chicago and moves there at the end of the month. She wants continued help with her nursing registration (NCLEX and the Illinois licence) and a check of her US recruitment contract before she signs: some contain breach fees.',
            'move',
          ),
      ],
      [27, (d) => d.accept('marisol', 'move', 'Welcome. Luis will take it; first call in her second week here.', 'luis'), 'CHI'],
      [20, (d) => d.edit('luis', { jurisdictionCountry: 'US', jurisdictionRegion: 'US-IL' }), 'CHI'],
      [
        20,
        (d) =>
          d.log(
            'luis',
            'call',
            'First call since she arrived. She starts at the hospital in two weeks and has booked the NCLEX for January. Sent her the Illinois licence checklist. Her contract has no breach fee, only a two-year commitment clause; explained what it means.',
          ),
        'CHI',
      ],
    ],
  },

  // ————————————————————————————————————————————————————————— Chicago
  {
    person: 'Guadalupe Torres',
    cp: 'CHI',
    steps: [
      [44, (d) => d.dates('luis', { wages_due_date: addYears(d.day(20), -2) })],
      [44, (d) => d.confirm('luis', 'us-flsa')],
      [44, (d) => d.confirm('luis', 'us-flsa-wilful')],
    ],
  },
  {
    person: 'Imelda Reyes',
    cp: 'CHI',
    steps: [
      [44, (d) => d.dates('luis', { wages_due_date: addYears(d.day(5), -2) })],
      [44, (d) => d.confirm('luis', 'us-flsa')],
      [
        19,
        (d) =>
          d.refer(
            'luis',
            'Legal Aid Chicago',
            {
              reason: 'Home care aide on 24-hour shifts paid for 13 hours; our demand letter to the agency has had no reply. A second worker of the same agency is at our desk.',
              request: 'Representation in a claim for the unpaid sleep and meal time; the earliest pay days are close to the 2-year limit (see the deadlines).',
              fields: ['name', 'preferredLanguage', 'contact', 'caseTypes', 'caseSummary', 'employer', 'employment', 'amountsOwed', 'openDeadlines'],
              followUp: d.workday(-5),
              send: true,
            },
            'lac',
          ),
      ],
    ],
  },
  {
    person: 'Trần Thị Mai',
    cp: 'CHI',
    steps: [[35, (d) => d.manual('luis', 'File the misclassification complaint with IDOL', d.workday(-4))]],
  },
  {
    person: 'José Luis Ramírez',
    cp: 'CHI',
    steps: [[23, (d) => d.manual('luis', 'Ask USCIS for a status update on the deferred action requests', d.workday(3))]],
  },
  {
    person: 'Chinedu Eze',
    cp: 'CHI',
    steps: [
      [88, (d) => d.manual('luis', 'H-1B grace period ends: new employer must have filed', d.day(-25), 'h1b')],
      [
        88,
        (d) =>
          d.refer(
            'luis',
            NIJC,
            {
              reason: 'H-1B worker fired two days after a union meeting in the break room; his status depends on a new employer filing within the 60-day grace period.',
              request: 'Immigration advice on the grace period and a change of employer, alongside the NLRB charge we have filed.',
              fields: ['name', 'preferredLanguage', 'contact', 'visa', 'caseTypes', 'caseSummary', 'employer'],
              followUp: d.workday(-74),
              send: true,
            },
            'nijc',
          ),
      ],
      [86, (d) => d.move('luis', 'nijc', 'accept', 'Attorney assigned.')],
      [39, (d) => d.move('luis', 'nijc', 'complete', 'The new employer’s H-1B petition was filed within the grace period.')],
      [39, (d) => d.status('luis', 'h1b', 'done')],
    ],
  },
  {
    person: 'Yesenia Flores',
    cp: 'CHI',
    steps: [
      [
        70,
        (d) =>
          d.refer(
            'luis',
            NIJC,
            {
              reason: 'Food-plant worker with chemical burns from cleaning products; OSHA inspection under way and she is a witness in it.',
              request: 'Representation for a deferred action request supported by the labor agency’s statement of interest.',
              fields: ['name', 'preferredLanguage', 'contact', 'immigrationSituation', 'caseTypes', 'caseSummary', 'employer'],
              followUp: d.workday(-56),
              send: true,
            },
            'nijc',
          ),
      ],
      [65, (d) => d.move('luis', 'nijc', 'accept', 'Attorney reviewing the statement-of-interest request.', d.workday(10))],
    ],
  },
  {
    person: 'Pedro Sánchez Ortiz',
    cp: 'CHI',
    steps: [[24, (d) => d.manual('luis', 'Chase the agency for pay stubs', d.workday(2))]],
  },
  {
    person: 'Andrés Gutiérrez',
    cp: 'CHI',
    steps: [[6, (d) => d.manual('luis', 'Send a demand letter to the builder', d.workday(12))]],
  },
  {
    person: 'Rowena Bautista',
    cp: 'CHI',
    steps: [[20, (d) => d.manual('luis', 'Attorney’s advice on the breach-fee clause expected', d.workday(16))]],
  },
  {
    // Moving to London: waits for the London supervisor.
    person: 'Оксана Бондаренко',
    cp: 'CHI',
    steps: [
      [
        2,
        (d) =>
          d.propose(
            'luis',
            'LDN',
            'She moves to London next month to live with her sister, who has found her a Homes for Ukraine sponsor. She will need help with her visa and right to work, finding a job, and housing advice once there. Needs a Ukrainian interpreter.',
            'move',
          ),
      ],
    ],
  },
];

/** The letter before claim to the takeaway; the second version names the new owner and the transfer of the business. */
function lbcGoldenWok(values: Record<string, unknown>, corrected: boolean): Record<string, unknown> {
  const end = String(values.employmentEnd);
  const short = (iso: string) => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T12:00:00Z`));
  return {
    ...values,
    jobTitle: 'Chef',
    workplace: 'Golden Wok Takeaway, 17 High Road, London N22 6BH',
    payAgreed: '£500 a week in cash for six days',
    payReceived: 'nothing for the last six weeks',
    items: [{ period: `${short(addDays(end, -41))} – ${short(end)}`, description: 'Wages for the last six weeks of work (6 × £500)', amount: '3000.00' }],
    facts: corrected
      ? 'Zhang Wei worked as the chef until the business changed hands. The new owner took over the business as a going concern, so the wages owed passed to the new owner with the business (Transfer of Undertakings (Protection of Employment) Regulations 2006).'
      : 'Zhang Wei worked as the chef until the business changed hands and has not been paid for the last six weeks of work.',
    ...(corrected ? { employerAttention: 'The proprietor' } : {}),
  };
}

const isoAt = (at: number) => new Date(at).toISOString().slice(0, 10);

function must<T>(what: string, result: FormResult<T> | ReferralResult | TransferResult): void {
  if (!result.ok) throw new Error(`demo activity: ${what} refused: ${JSON.stringify(result.errors)}`);
}

/** Adds the demo desks' deadlines, referrals, letters and transfers to the demo cases (run after seedDemoCases). */
export async function seedDemoActivity(db: Db, now = Date.now()): Promise<void> {
  // Referrals need the partner directory; seedDemo's own call afterwards finds it filled and does nothing.
  await write(db, (tx) => seedDemoPartners(tx, now));
  const actorOf = (email: string): Actor => {
    const user = findUserByEmail(db, email)!;
    return { id: user.id, role: user.role, contactPointIds: contactPointsOfUser(db, user.id).map((c) => c.id) };
  };
  const actors: Record<Staff, Actor> = { amira: actorOf(staffEmails.amira), grace: actorOf(staffEmails.grace), luis: actorOf(staffEmails.luis), marisol: actorOf(staffEmails.marisol) };
  const desks = Object.fromEntries(
    (['LDN', 'CHI'] as const).map((prefix) => [prefix, db.select().from(contactPoints).where(eq(contactPoints.refPrefix, prefix)).get()!]),
  ) as Record<Cp, typeof contactPoints.$inferSelect>;
  const partnerId = (name: string) => db.select({ id: partners.id }).from(partners).where(eq(partners.name, name)).get()!.id;
  const who = (by: Staff): ActorRef => ({ actor: actors[by], clientAddress: null });

  // Every case is found before anything moves (a transfer changes its contact point).
  const targets = plans.map((plan) => {
    const row = db
      .select({ id: cases.id, openedAt: cases.openedAt, lastActivityAt: cases.lastActivityAt })
      .from(cases)
      .innerJoin(people, eq(people.id, cases.personId))
      .where(and(eq(cases.contactPointId, desks[plan.cp].id), or(eq(people.name, plan.person), eq(people.alias, plan.person))))
      .get();
    if (!row) throw new Error(`demo activity: no case of ${plan.person} at ${plan.cp}`);
    return { plan, ...row };
  });

  // One write to disk for the whole history; the services' own write units become savepoints inside it.
  await writeBatch(db, async () => {
    for (const target of targets) await seedCase(db, now, target, desks, actors, who, partnerId);
  });
}

async function seedCase(
  db: Db,
  now: number,
  target: { plan: Plan; id: number; openedAt: number; lastActivityAt: number },
  desks: Record<Cp, typeof contactPoints.$inferSelect>,
  actors: Record<Staff, Actor>,
  who: (by: Staff) => ActorRef,
  partnerId: (name: string) => number,
): Promise<void> {
  const { plan, id: caseId } = target;
  const cp = plan.cp;
  const today = todayIn(desks[cp].timezone, now);
  const deadlines = new Map<string, number>();
  const referrals = new Map<string, number>();
  const transfers = new Map<string, number>();
  const tr = translator('en');
  let at = 0;

  const day = (offset: number) => addDays(today, offset);
  const desk: Desk = {
    day,
    workday(offset) {
      const date = day(offset);
      const weekday = dayOfWeek(date);
      return weekday === 'Saturday' ? addDays(date, -1) : weekday === 'Sunday' ? addDays(date, 1) : date;
    },
    async dates(by, dates) {
      const { inputs } = caseDeadlinesView(db, actors[by], caseId, at);
      must('trigger dates', await saveTriggerDates(db, who(by), caseId, { ...inputs, ...dates }, at));
    },
    async confirm(by, ruleId, key) {
      const proposal = caseDeadlinesView(db, actors[by], caseId, at).proposals.find((p) => p.ruleId === ruleId);
      if (!proposal) throw new Error(`demo activity: no ${ruleId} proposal for ${plan.person}`);
      const result = await confirmProposal(db, who(by), caseId, { ruleId, computed: proposal.result.dueDate }, at);
      must(ruleId, result);
      if (key && result.ok) deadlines.set(key, result.value.id);
    },
    async recompute(by, key) {
      must('recompute', await recomputeDeadline(db, who(by), deadlines.get(key)!, at));
    },
    async manual(by, title, dueDate, key) {
      const result = await addManualDeadline(db, who(by), caseId, { title, dueDate, reminderLeadDays: 3 }, at);
      must(title, result);
      if (key && result.ok) deadlines.set(key, result.value.id);
    },
    async status(by, key, status) {
      await setDeadlineStatus(db, who(by), deadlines.get(key)!, status, at);
    },
    async refer(by, partner, input, key) {
      const form = { partnerId: partnerId(partner), reason: input.reason, request: input.request, sharedFields: input.fields, followUpOn: input.followUp, intent: input.send ? ('send' as const) : ('draft' as const) };
      // Sending stores the referral letter, as the form's "send" does; a draft is saved without one.
      const result = input.send ? await submitNewReferral(db, actors[by], caseId, form, null, at) : await createReferral(db, actors[by], caseId, form, null, at);
      must(`referral to ${partner}`, result);
      if (result.ok) referrals.set(key, result.referral.id);
    },
    async move(by, key, move, note, followUp) {
      must(`referral ${move}`, await moveReferral(db, actors[by], referrals.get(key)!, { move, note, followUpOn: followUp ?? null }, null, at));
    },
    async letter(by, kind, fill) {
      const kase = caseFor(db, actors[by], caseId, 'case.letter');
      const facts = loadLetterFacts(db, kase, actors[by]);
      const parsed = LetterForm.safeParse(letterFormBody(fill(prefillLetterForm(kind, facts, tr, at), at)));
      if (!parsed.success) throw new Error(`demo activity: ${kind} form: ${parsed.error.message}`);
      await storeLetter(db, { kase, kind, snapshot: snapshotFromForm(parsed.data, facts, at), actorId: actors[by].id, clientAddress: null }, at);
    },
    async propose(by, to, reason, key) {
      const result = await proposeTransfer(db, actors[by], caseId, { toContactPointId: desks[to].id, reason, evidenceIds: [] }, null, at);
      must('transfer', result);
      if (result.ok) transfers.set(key, result.transfer.id);
    },
    async accept(by, key, note, assignee) {
      must('transfer decision', await decideTransfer(db, actors[by], transfers.get(key)!, { decision: 'accept', note, assignee: actors[assignee].id }, null, at));
    },
    async log(by, kind, body) {
      await addTimelineEntry(db, actors[by], caseId, { kind, body, restricted: false, occurredOn: null, occurredTime: null }, null, at);
    },
    async edit(by, change) {
      const kase = caseFor(db, actors[by], caseId, 'case.update');
      const result = await updateCaseDetails(db, actors[by], caseId, { ...editableValues(kase, caseTypesOf(db, caseId)), ...change }, kase.version, null, at);
      if (!result.ok) throw new Error('demo activity: case edit refused as stale');
    },
  };

  // Steps follow each other by a few minutes at least; the last one comes after everything already on the
  // timeline, so the case's last activity stays its latest event.
  for (const [index, [daysAgo, act, clock]] of plan.steps.entries()) {
    let next = Math.max(workingMoment(now, clock ?? cp, daysAgo, index), at + 7 * MINUTE, target.openedAt + 30 * MINUTE);
    if (index === plan.steps.length - 1) next = Math.max(next, target.lastActivityAt + 20 * MINUTE);
    at = Math.min(next, now - 10 * MINUTE);
    await act(desk);
  }
}

/** A moment `daysAgo` days before now during the desk's working day, off weekends, never in the future. */
function workingMoment(now: number, cp: Cp, daysAgo: number, index: number): number {
  const offset = utcOffsetHours[cp] * 60 * MINUTE;
  const local = new Date(now + offset - daysAgo * DAY);
  const weekday = local.getUTCDay();
  const shift = weekday === 6 ? -1 : weekday === 0 ? 1 : 0;
  const minutes = 10 * 60 + 5 + index * 13;
  const at = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + shift) + minutes * MINUTE - offset;
  return Math.min(at, now - 30 * MINUTE);
}
