import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.repo.js';
import type { CaseStatus, CaseType, ConsentScope, GcmObjective, ImmigrationStatus, Outcome, PartyKind, Priority, SafetyFlag, Sector } from '../cases/catalogue.js';
import { insertEvent, refreshSearchRow, updateCase } from '../cases/cases.repo.js';
import { createCaseIn, type NewEvent } from '../cases/cases.service.js';
import { contactPoints } from '../contact-points/contact-points.table.js';
import type { Db, Tx } from '../db/client.js';
import { write } from '../db/write.js';
import { insertParty, linkPartyToCase } from '../parties/parties.repo.js';
import type { Party } from '../parties/parties.table.js';
import { insertConsent, insertPerson } from '../people/people.repo.js';
import { users } from '../users/users.table.js';

/*
 * The demo desk's case history: about sixty cases at London and Chicago, opened over the past ten months and
 * worked since, so that the list, the timelines and the party register look like a desk in use. Everything is
 * fixed data placed relative to `now` — no randomness — so that every demo database is the same.
 * People, employers and addresses are invented; phone numbers are in the ranges reserved for drama
 * (UK 07700 900xxx, US 555-01xx).
 */

type Cp = 'LDN' | 'CHI';
/** Who does something: the contact point's counsellor or supervisor. */
type By = 'c' | 's';

type PersonSpec = {
  name?: string;
  alias?: string;
  nat: string;
  lang: string;
  /** Other languages the person reads or speaks. */
  also?: string[];
  interp?: boolean;
  gender?: 'woman' | 'man' | 'non_binary';
  born?: number;
  imm: ImmigrationStatus;
  visa?: string;
  /** Days from now until the visa expires (negative: already expired). */
  visaEnds?: number;
  phone?: string;
  handle?: string;
  union?: [name: string, number: string, sinceDaysAgo: number];
  flags?: SafetyFlag[];
  safetyNote?: string;
  /** Consent scopes; all three unless given. */
  scopes?: ConsentScope[];
};

/** [days after opening, kind, text, restricted?, by (counsellor unless 's')] */
type EventSpec = [day: number, kind: 'note' | 'call' | 'meeting', body: string, restricted?: boolean, by?: By];

type CaseSpec = {
  cp: Cp;
  /** Opened this many days before now. */
  ago: number;
  /** Null: an anonymous information-and-advice contact (no `store` consent). */
  p: PersonSpec | null;
  types: CaseType[];
  sector: Sector;
  region?: string;
  pri?: Priority;
  status: CaseStatus;
  summary: string;
  /** Employment period as days before now (end null: still working there). */
  job?: [start: number, end: number | null];
  claimed?: number;
  recovered?: number;
  outcome?: Outcome;
  outcomeNote?: string;
  gcm?: GcmObjective[];
  parties?: [party: string, role: PartyKind][];
  /** Assigned to the counsellor, the supervisor, or nobody yet. */
  to: By | null;
  events?: EventSpec[];
};

type PartySpec = { name: string; kind: PartyKind; country: string; sector?: Sector; reg?: string; address?: string };

const partySpecs: Record<string, PartySpec> = {
  // Recurs in five cases at two contact points: the agency the demo's "repeat abuser" evidence is about.
  brightFuture: { name: 'Bright Future Recruitment Ltd', kind: 'recruitment_agency', country: 'GB', sector: 'care', reg: '11482093', address: '3rd Floor, 41 Corporation Street, Birmingham B2 4LP' },
  silverleaf: { name: 'Silverleaf Homecare Ltd', kind: 'employer', country: 'GB', sector: 'care', reg: '08213377', address: 'Unit 7, Abbey Road Business Centre, London NW10 7SU' },
  kensal: { name: 'Kensal Property Management Ltd', kind: 'landlord', country: 'GB', reg: '10349921', address: '212 Harrow Road, London W9 2HR' },
  thameside: { name: 'Thameside Build Services Ltd', kind: 'labour_provider', country: 'GB', sector: 'construction', reg: '12977410', address: 'Crossness Road, Barking IG11 0DE' },
  northbank: { name: 'Northbank Developments plc', kind: 'employer', country: 'GB', sector: 'construction', reg: '04417653', address: '1 Canada Square, London E14 5AB' },
  swiftDrop: { name: 'SwiftDrop Couriers Ltd', kind: 'employer', country: 'GB', sector: 'delivery_logistics', reg: '13350218' },
  spiceGarden: { name: 'Spice Garden Restaurant', kind: 'employer', country: 'GB', sector: 'hospitality', address: '88 Brick Lane, London E1 6RL' },
  brightShine: { name: 'BrightShine Cleaning Services Ltd', kind: 'employer', country: 'GB', sector: 'cleaning', reg: '09126784' },
  citywide: { name: 'Citywide Office Cleaning Ltd', kind: 'employer', country: 'GB', sector: 'cleaning', reg: '07771204', address: '14 Mansell Street, London E1 8AA' },
  lotusNails: { name: 'Lotus Nails & Beauty', kind: 'employer', country: 'GB', sector: 'other', address: '301 Mare Street, London E8 1HA' },
  meadowbank: { name: 'Meadowbank Care Home Ltd', kind: 'employer', country: 'GB', sector: 'care', reg: '06652318', address: 'Meadowbank, Church Lane, Enfield EN2 0AX' },
  secureGate: { name: 'SecureGate Security Services Ltd', kind: 'employer', country: 'GB', sector: 'other', reg: '11860042' },
  hollandPark: { name: 'Private household, Holland Park', kind: 'employer', country: 'GB', sector: 'domestic_work' },
  regentPark: { name: 'Regent Park Hotel Group Ltd', kind: 'employer', country: 'GB', sector: 'hospitality', reg: '03318845', address: '45 Marylebone Road, London NW1 5LS' },
  pinnacle: { name: 'Pinnacle Workforce Solutions Ltd', kind: 'labour_provider', country: 'GB', sector: 'delivery_logistics', reg: '10992357' },
  parkway: { name: 'Parkway Fulfilment Centre', kind: 'employer', country: 'GB', sector: 'delivery_logistics', address: 'Parkway Industrial Estate, Dartford DA1 5PZ' },
  greenacre: { name: 'Greenacre Growers Ltd', kind: 'employer', country: 'GB', sector: 'agriculture', reg: '05544120', address: 'Greenacre Farm, Marden, Kent TN12 9AB' },
  agriStaff: { name: 'AgriStaff Seasonal Ltd', kind: 'recruitment_agency', country: 'GB', sector: 'agriculture', reg: '12204587' },
  goldenWok: { name: 'Golden Wok Takeaway', kind: 'employer', country: 'GB', sector: 'hospitality', address: '17 High Road, London N22 6BH' },
  sparkleHomes: { name: 'Sparkle Homes Cleaning', kind: 'employer', country: 'GB', sector: 'cleaning' },
  harbourLogistics: { name: 'Harbour Logistics UK Ltd', kind: 'employer', country: 'GB', sector: 'delivery_logistics', reg: '08865432' },
  carewell: { name: 'Carewell Staffing Ltd', kind: 'labour_provider', country: 'GB', sector: 'care', reg: '11223344' },
  wembleyFoods: { name: 'Wembley Foods Manufacturing Ltd', kind: 'employer', country: 'GB', sector: 'manufacturing', reg: '02987341', address: 'Fourth Way, Wembley HA9 0LH' },
  // Chicago
  goldenYears: { name: 'Golden Years Home Care Inc', kind: 'employer', country: 'US', sector: 'care', reg: 'IL-68213904', address: '5600 N Western Ave, Chicago, IL 60659' },
  lakeshore: { name: 'Lakeshore Staffing Solutions LLC', kind: 'labour_provider', country: 'US', sector: 'manufacturing', reg: 'IL-07744213', address: '4100 W 47th St, Chicago, IL 60632' },
  midway: { name: 'Midway Foods Processing Inc', kind: 'employer', country: 'US', sector: 'manufacturing', address: '3900 S Kedzie Ave, Chicago, IL 60632' },
  prairie: { name: 'Prairie Builders Group LLC', kind: 'employer', country: 'US', sector: 'construction', reg: 'IL-05531170' },
  windyCity: { name: 'Windy City Drywall Inc', kind: 'labour_provider', country: 'US', sector: 'construction' },
  loopHotel: { name: 'Loop Grand Hotel LLC', kind: 'employer', country: 'US', sector: 'hospitality', address: '220 S Wabash Ave, Chicago, IL 60604' },
  lakeviewCleaners: { name: 'Lakeview Commercial Cleaners Inc', kind: 'employer', country: 'US', sector: 'cleaning' },
  happyNails: { name: 'Happy Nails Spa', kind: 'employer', country: 'US', sector: 'other', address: '2945 N Broadway, Chicago, IL 60657' },
  fastLane: { name: 'FastLane Last Mile LLC', kind: 'employer', country: 'US', sector: 'delivery_logistics', reg: 'IL-09911382' },
  taqueria: { name: 'Taquería El Sol', kind: 'employer', country: 'US', sector: 'hospitality', address: '1820 S Blue Island Ave, Chicago, IL 60608' },
  heartland: { name: 'Heartland Nursery & Farms', kind: 'employer', country: 'US', sector: 'agriculture', address: 'Route 47, Woodstock, IL 60098' },
  nortonMetal: { name: 'Norton Metal Works Inc', kind: 'employer', country: 'US', sector: 'manufacturing', address: '2200 W Fulton St, Chicago, IL 60612' },
  bosphorus: { name: 'Bosphorus Grill', kind: 'employer', country: 'US', sector: 'hospitality' },
  pilsenRentals: { name: 'Pilsen Rentals LLC', kind: 'landlord', country: 'US' },
};

const ALL: ConsentScope[] = ['store', 'share_with_partners', 'anonymised_statistics'];
const NO_SHARING: ConsentScope[] = ['store', 'anonymised_statistics'];
const UNION_UK = 'Workers Union UK';
const UNION_US = 'Midwest Workers Federation';

const specs: CaseSpec[] = [
  // ---------------------------------------------------------------- London
  {
    cp: 'LDN', ago: 292, status: 'closed', to: 'c', sector: 'construction', region: 'GB-ENG', types: ['wage_theft'],
    p: { name: 'Łukasz Nowak', nat: 'PL', lang: 'pl', also: ['en'], gender: 'man', born: 1986, imm: 'eu_mobile', visa: 'EU Settlement Scheme (settled status)', phone: '+44 7700 900112', union: [UNION_UK, 'WU-441207', 400] },
    summary: 'Five weeks of wages unpaid by a labour provider on a housing site in Barking after the subcontract ended. Payslips and WhatsApp messages promising payment.',
    job: [480, 300], claimed: 3850, recovered: 2400, outcome: 'resolved_paid_in_part', outcomeNote: 'Paid £2,400 after the letter before claim and a site visit with the union rep; balance written off by agreement.',
    gcm: ['gcm6_fair_recruitment'], parties: [['thameside', 'labour_provider'], ['northbank', 'employer']],
    events: [
      [0, 'meeting', 'Intake at the desk in Polish with a volunteer. Brought 6 payslips, bank statements and screenshots of the site manager promising payment "next Friday".'],
      [3, 'call', 'Called Thameside Build Services accounts; told the invoice from the main contractor is "in dispute". No date given.'],
      [9, 'note', 'Letter before claim sent to Thameside, copied to Northbank as principal contractor. 14 days to respond.'],
      [30, 'call', 'Thameside offered £2,000 in two instalments. Worker wants to hold out for the full amount for now.'],
      [58, 'note', 'Union rep raised it with Northbank site management; a second labour provider on site had the same problem.'],
      [80, 'meeting', 'Worker accepts £2,400 as final. First instalment received, second due in 30 days.'],
    ],
  },
  {
    cp: 'LDN', ago: 281, status: 'closed', to: 'c', sector: 'cleaning', region: 'GB-ENG', types: ['holiday_sick_pay', 'unlawful_deductions'],
    p: { name: 'Олена Коваленко', nat: 'UA', lang: 'uk', also: ['ru'], interp: true, gender: 'woman', born: 1979, imm: 'refugee', visa: 'Homes for Ukraine scheme', visaEnds: 420, phone: '+44 7700 900245' },
    summary: 'Night office cleaner. No holiday pay in 14 months and £15 a week deducted for a "uniform and equipment fee".',
    job: [700, 290], claimed: 1920, recovered: 1920, outcome: 'resolved_paid_in_full', outcomeNote: 'Holiday pay and all deductions repaid after ACAS early conciliation.',
    parties: [['brightShine', 'employer']],
    events: [
      [0, 'meeting', 'Intake with Ukrainian interpreter (phone). Rota screenshots show 5 nights a week; no holiday ever paid.'],
      [2, 'note', 'Calculated holiday pay on the 52-week average: £1,140. Deductions £780 over 52 weeks.'],
      [6, 'note', 'ACAS early conciliation notification made; certificate period running.'],
      [40, 'call', 'ACAS conciliator: employer will pay in full if the claim is not lodged. Worker agrees.'],
    ],
  },
  {
    cp: 'LDN', ago: 270, status: 'closed', to: 's', sector: 'hospitality', region: 'GB-ENG', types: ['overtime_working_time', 'minimum_wage'],
    p: { name: 'Ana Paula Ferreira', nat: 'PT', lang: 'pt', gender: 'woman', born: 1991, imm: 'eu_mobile', visa: 'EU Settlement Scheme (pre-settled status)', visaEnds: 60, phone: '+44 7700 900318', union: [UNION_UK, 'WU-450113', 240] },
    summary: 'Hotel room attendant paid per room cleaned; on busy days the piece rate falls below the minimum wage and breaks are not taken.',
    job: [600, null], claimed: 2600, recovered: 1750, outcome: 'settled', outcomeNote: 'Settled through the union branch; hotel moved room attendants to hourly pay.',
    gcm: ['gcm6_fair_recruitment'], parties: [['regentPark', 'employer']],
    events: [
      [0, 'meeting', 'Intake. Keeps her own diary of rooms and hours since March — good evidence.'],
      [12, 'note', 'Compared diary with pay: 23 weeks below the minimum wage, shortfall about £2,600.'],
      [20, 'meeting', 'Joint meeting with the union organiser: four other room attendants in the same position.'],
      [64, 'note', 'Collective grievance lodged by the branch.', false, 's'],
    ],
  },
  {
    cp: 'LDN', ago: 262, status: 'closed', to: 'c', sector: 'delivery_logistics', region: 'GB-ENG', types: ['unlawful_deductions'],
    p: { name: 'Ioana Dumitrescu', nat: 'RO', lang: 'ro', also: ['it', 'en'], gender: 'woman', born: 1995, imm: 'eu_mobile', visa: 'EU Settlement Scheme (settled status)', phone: '+44 7700 900402' },
    summary: 'Agency warehouse picker. Transport to the site (£42 a week) and "training" (£120) deducted from pay without written agreement.',
    job: [420, 230], claimed: 1130, recovered: 860, outcome: 'resolved_paid_in_part',
    parties: [['pinnacle', 'labour_provider'], ['parkway', 'employer']],
    events: [
      [0, 'meeting', 'Intake in Romanian with a volunteer. Has the agency handbook: no clause allowing transport deductions.'],
      [5, 'note', 'Complaint sent to the agency and the Employment Agency Standards Inspectorate.'],
      [47, 'call', 'Agency refunded transport deductions (£860); refuses the training fee.'],
    ],
  },
  {
    cp: 'LDN', ago: 251, status: 'closed', to: 'c', sector: 'cleaning', region: 'GB-ENG', types: ['wage_theft'],
    p: { name: 'Gabriela Mendoza', nat: 'BO', lang: 'es', gender: 'woman', born: 1988, imm: 'undocumented', phone: '+44 7700 900455', flags: ['do_not_call'], safetyNote: 'Shares a phone with her partner; WhatsApp messages only, in Spanish.', scopes: NO_SHARING },
    summary: 'Domestic cleaner for an agency of private clients; last month not paid (about £900).',
    job: [500, 240], claimed: 900, outcome: 'lost_contact', outcomeNote: 'No reply to messages for eight weeks; closed. Can be reopened if she comes back.',
    parties: [['sparkleHomes', 'employer']],
    events: [
      [0, 'meeting', 'Intake in Spanish. Worried about immigration enforcement if she complains; we discussed options only.'],
      [14, 'note', 'Sent a WhatsApp with the two options (informal demand through us, or do nothing for now).'],
      [50, 'note', 'Third message unanswered.'],
    ],
  },
  {
    cp: 'LDN', ago: 240, status: 'closed', to: 'c', sector: 'other', region: 'GB-ENG', types: ['information_only'], p: null,
    summary: 'Anonymous caller asked whether she can be dismissed for refusing to work on a Sunday. Explained Sunday working rights for shop workers and where to get advice in writing.',
  },
  {
    cp: 'LDN', ago: 228, status: 'closed', to: 's', sector: 'hospitality', region: 'GB-ENG', types: ['holiday_sick_pay'],
    p: { name: 'Ελένη Παπαδοπούλου', alias: 'Eleni', nat: 'GR', lang: 'el', gender: 'woman', born: 1993, imm: 'eu_mobile', visa: 'EU Settlement Scheme (settled status)', phone: '+44 7700 900521', union: [UNION_UK, 'WU-452880', 220] },
    summary: 'Bar supervisor refused holiday pay on leaving; employer says holiday was "included in the hourly rate" (rolled-up holiday pay, not agreed in writing).',
    job: [900, 235], claimed: 1480, recovered: 1480, outcome: 'won_at_tribunal', outcomeNote: 'Judgment for the full amount; paid after enforcement letter.',
    parties: [['goldenWok', 'employer']],
    events: [
      [1, 'note', 'ACAS early conciliation started.'],
      [45, 'note', 'ET1 lodged: unpaid holiday pay, Working Time Regulations reg. 14.', false, 's'],
      [150, 'meeting', 'Hearing (video). Judgment for the claimant on the day.', false, 's'],
    ],
  },
  {
    cp: 'LDN', ago: 214, status: 'closed', to: 'c', sector: 'agriculture', region: 'GB-ENG', types: ['recruitment_fees', 'unsafe_accommodation'],
    p: { name: 'Айбек Токтогулов', alias: 'Aibek', nat: 'KG', lang: 'ky', interp: true, gender: 'man', born: 1999, imm: 'other_visa', visa: 'Seasonal Worker visa', visaEnds: -30, phone: '+44 7700 900577' },
    summary: 'Seasonal fruit picker. Paid about £2,800 to a broker at home for the visa; caravan shared by six people with no heating. Too few hours to repay the loan.',
    job: [330, 150], claimed: 2800, outcome: 'referred_on', outcomeNote: 'Referred to the scheme operator complaints route and the GLAA; worker returned home at the end of the visa.',
    gcm: ['gcm6_fair_recruitment', 'gcm7_reduce_vulnerabilities'], parties: [['agriStaff', 'recruitment_agency'], ['greenacre', 'employer']],
    events: [
      [0, 'call', 'Call through a Russian-speaking volunteer; he cannot come to London. Photos of the caravan sent by WhatsApp.'],
      [2, 'note', 'Fees to a broker plus hours too low to repay: debt bondage indicators. Discussed with the supervisor.', true],
      [4, 'note', 'Report made to the GLAA; complaint to the scheme operator about the hours guarantee.', false, 's'],
      [60, 'call', 'Scheme operator moved him to another farm for the last six weeks. Fee refund refused.'],
    ],
  },
  {
    cp: 'LDN', ago: 205, status: 'awaiting_outcome', to: 's', sector: 'other', region: 'GB-ENG', pri: 'high', types: ['dismissal_retaliation', 'harassment_discrimination'],
    p: { name: 'Samuel Owusu', nat: 'GH', lang: 'en', gender: 'man', born: 1983, imm: 'national', phone: '+44 7700 900630', union: [UNION_UK, 'WU-438554', 700] },
    summary: 'Security officer dismissed two weeks after collecting signatures for union recognition; told he "was not a team player". Previous record clean.',
    job: [1500, 200], claimed: 14000,
    parties: [['secureGate', 'employer']],
    events: [
      [0, 'meeting', 'Intake with the branch secretary. Dismissal letter gives no reason; the petition is dated 9 days before.'],
      [2, 'note', 'Interim relief deadline is 7 days after dismissal: application lodged the same day.', false, 's'],
      [30, 'meeting', 'Interim relief hearing: refused, but the judge noted the timing. Full hearing listed.', false, 's'],
      [90, 'note', 'Witness statements from two colleagues collected.'],
      [170, 'call', 'Respondent\'s solicitors asked about settlement. Worker wants reinstatement first.'],
    ],
  },
  {
    cp: 'LDN', ago: 197, status: 'awaiting_outcome', to: 'c', sector: 'care', region: 'GB-ENG', pri: 'high', types: ['recruitment_fees', 'visa_tie_abuse'],
    p: { name: 'Joy Dela Cruz', nat: 'PH', lang: 'tl', gender: 'woman', born: 1990, imm: 'work_visa_tied', visa: 'Health and Care Worker visa', visaEnds: 700, phone: '+44 7700 900688', handle: 'Viber', flags: ['risk_of_retaliation'], safetyNote: 'Manager has threatened to "report her to the Home Office" if she complains.' },
    summary: 'Paid £4,500 to Bright Future Recruitment for a care job; the employer now says she must repay £3,000 "training costs" if she leaves before 3 years, under threat of losing sponsorship.',
    job: [420, null], claimed: 7500,
    gcm: ['gcm6_fair_recruitment', 'gcm7_reduce_vulnerabilities'], parties: [['brightFuture', 'recruitment_agency'], ['silverleaf', 'employer']],
    events: [
      [0, 'meeting', 'Intake after a Filipino community meeting. Has the receipt from the agency (paid in Manila) and the repayment clause.'],
      [1, 'note', 'Another carer at the community meeting named the same agency. Check the party page before any contact with Bright Future.'],
      [7, 'note', 'Referred for immigration advice on changing sponsor before anything is sent to the employer.'],
      [21, 'meeting', 'Immigration adviser confirmed she can look for a new sponsor; the repayment clause is likely unenforceable as a penalty.'],
      [40, 'note', 'Complaint to the Employment Agency Standards Inspectorate about the fee (fees to workers are unlawful for UK agencies).'],
    ],
  },
  {
    cp: 'LDN', ago: 188, status: 'closed', to: 'c', sector: 'construction', region: 'GB-ENG', types: ['health_safety'],
    p: { name: 'Tomasz Wiśniewski', nat: 'PL', lang: 'pl', also: ['en'], gender: 'man', born: 1975, imm: 'eu_mobile', visa: 'EU Settlement Scheme (settled status)', phone: '+44 7700 900712', union: [UNION_UK, 'WU-429901', 1200] },
    summary: 'Fall from unsecured scaffolding; broken wrist, six weeks off with statutory sick pay refused because he was treated as self-employed.',
    job: [800, null], claimed: 5200, recovered: 4100, outcome: 'settled', outcomeNote: 'Personal injury claim settled through the union\'s solicitors; SSP back-paid.',
    parties: [['thameside', 'labour_provider']],
    events: [
      [0, 'meeting', 'Intake. Photos of the scaffold taken by a colleague the same day. Accident not recorded in the site book.'],
      [3, 'note', 'RIDDOR report checked: none made. Reported to the HSE.'],
      [10, 'note', 'Referred to the union\'s personal injury solicitors.'],
      [120, 'call', 'Solicitors: offer accepted.'],
    ],
  },
  {
    cp: 'LDN', ago: 176, status: 'open', to: 'c', sector: 'other', region: 'GB-ENG', pri: 'urgent', types: ['forced_labour', 'passport_withheld', 'wage_theft'],
    p: { name: 'Nguyễn Văn Thành', nat: 'VN', lang: 'vi', interp: true, gender: 'man', born: 2003, imm: 'undocumented', flags: ['lives_at_employer', 'documents_held_by_employer', 'meet_in_person_only', 'do_not_call'], safetyNote: 'Lives above the nail bar. Only meets at the desk with the outreach worker; never call or text.' },
    summary: 'Young man working 6–7 days a week in a nail bar for board and "pocket money"; passport held by the owner against a travel debt.',
    job: [600, null],
    gcm: ['gcm10_trafficking', 'gcm7_reduce_vulnerabilities'], parties: [['lotusNails', 'employer']],
    events: [
      [0, 'meeting', 'Brought by the outreach worker. Vietnamese interpreter in person. Very frightened; we explained the National Referral Mechanism without pressure.'],
      [0, 'note', 'Trafficking indicators: debt, withheld passport, lives at workplace, no pay. He does not want police involvement now.', true],
      [9, 'meeting', 'Second meeting. Agreed to speak to a specialist adviser; appointment made for him.'],
      [20, 'note', 'Specialist adviser seen him; NRM referral discussed as a first responder option. Decision left with him.', true, 's'],
      [60, 'meeting', 'Still at the nail bar. Safety plan reviewed; he has our address and the outreach worker\'s number on paper.'],
      [130, 'meeting', 'He asked about getting his passport back. Discussed a police-accompanied retrieval.', true],
    ],
  },
  {
    cp: 'LDN', ago: 169, status: 'awaiting_outcome', to: 'c', sector: 'care', region: 'GB-ENG', pri: 'urgent', types: ['sponsorship_loss', 'recruitment_fees'],
    p: { name: 'Priya Raghunathan', nat: 'IN', lang: 'ta', gender: 'woman', born: 1987, imm: 'work_visa_tied', visa: 'Health and Care Worker visa (sponsor licence revoked)', visaEnds: 25, phone: '+44 7700 900788' },
    summary: 'Care home lost its sponsor licence; 60-day curtailment notice received. Paid £5,200 to Bright Future Recruitment for the job.',
    job: [380, 175], claimed: 5200,
    gcm: ['gcm6_fair_recruitment'], parties: [['brightFuture', 'recruitment_agency'], ['meadowbank', 'employer']],
    events: [
      [0, 'call', 'Urgent: curtailment letter dated 10 days ago. Booked immigration advice for tomorrow.'],
      [1, 'meeting', 'Immigration adviser: new sponsor needed within the 60 days. CV sent to two ethical recruiters.'],
      [5, 'note', 'Bright Future Recruitment again: the party page now shows 3 cases, one of them at the Chicago desk. Flagged to the supervisor.'],
      [6, 'note', 'One complaint to EAS covering both London Bright Future cases, with each worker\'s consent.', false, 's'],
      [48, 'call', 'New sponsor found (NHS trust). Visa application lodged in time.'],
    ],
  },
  {
    cp: 'LDN', ago: 160, status: 'open', to: 'c', sector: 'delivery_logistics', region: 'GB-ENG', types: ['misclassification', 'minimum_wage'],
    p: { name: 'Ștefan Popescu', nat: 'RO', lang: 'ro', also: ['it', 'en'], gender: 'man', born: 1992, imm: 'eu_mobile', visa: 'EU Settlement Scheme (pre-settled status)', visaEnds: 240, phone: '+44 7700 900842' },
    summary: 'Parcel courier engaged as "self-employed" but given fixed routes, a uniform and penalties for late drops. After van hire and fuel, pay falls below the minimum wage.',
    job: [500, null], claimed: 6400,
    parties: [['swiftDrop', 'employer']],
    events: [
      [0, 'meeting', 'Intake. Daily route sheets and the deduction statements for 18 months.'],
      [15, 'note', 'Worker-status analysis written up: control, personal service, no substitution in practice.'],
      [40, 'meeting', 'Group meeting with six other SwiftDrop couriers.'],
      [100, 'note', 'Test claim on worker status discussed with the union legal officer.'],
    ],
  },
  {
    cp: 'LDN', ago: 151, status: 'open', to: 'c', sector: 'care', region: 'GB-ENG', pri: 'high', types: ['recruitment_fees', 'unsafe_accommodation', 'unlawful_deductions'],
    p: { name: 'Kiran Gurung', nat: 'NP', lang: 'ne', interp: true, gender: 'man', born: 1994, imm: 'work_visa_tied', visa: 'Health and Care Worker visa', visaEnds: 540, phone: '+44 7700 900875', flags: ['risk_of_retaliation'] },
    summary: 'Paid about £6,000 to Bright Future Recruitment through a sub-agent in Kathmandu. Housed by the agency in an overcrowded flat; £95 a week rent taken from wages.',
    job: [300, null], claimed: 8200,
    gcm: ['gcm6_fair_recruitment', 'gcm7_reduce_vulnerabilities'], parties: [['brightFuture', 'recruitment_agency'], ['kensal', 'landlord'], ['carewell', 'employer']],
    events: [
      [0, 'meeting', 'Intake with Nepali interpreter. Loan from a moneylender at home at 3% a month.'],
      [0, 'note', 'Debt to a moneylender linked to the recruitment fee: possible debt bondage. Discussed with supervisor.', true],
      [8, 'meeting', 'Visited the flat with the council\'s private housing team: 7 people, 3 bedrooms, no HMO licence.'],
      [30, 'note', 'Council enforcement notice on Kensal Property Management for the unlicensed HMO.'],
      [90, 'call', 'Rent deduction stopped after the council notice. Fee refund still refused.'],
    ],
  },
  {
    cp: 'LDN', ago: 143, status: 'open', to: 's', sector: 'domestic_work', region: 'GB-ENG', pri: 'urgent', types: ['forced_labour', 'harassment_discrimination', 'passport_withheld'],
    p: { alias: 'Mariam A.', nat: 'ER', lang: 'ti', interp: true, gender: 'woman', imm: 'asylum_seeker', flags: ['lives_at_employer', 'domestic_violence', 'meet_in_person_only', 'do_not_text'], safetyNote: 'Left the household; staying with a friend. Never contact the household. Ask for her only by this alias.', scopes: NO_SHARING },
    summary: 'Live-in domestic worker who left a private household after two years: no days off, no pay for the last eight months, passport kept by the employer.',
    job: [900, 150],
    gcm: ['gcm10_trafficking'], parties: [['hollandPark', 'employer']],
    events: [
      [0, 'meeting', 'Walked in with a friend. Tigrinya interpreter by phone. Wants her passport and her pay; afraid for her asylum claim.'],
      [0, 'note', 'Indicators of domestic servitude. She does not consent to sharing her details with anyone yet.', true, 's'],
      [7, 'meeting', 'Safety plan. She asked us to hold copies of her documents.', true, 's'],
      [35, 'note', 'Asylum solicitor confirmed representation (she contacted them herself).', false, 's'],
      [110, 'meeting', 'She now agrees to a referral to a specialist service. Consent to share to be recorded at the next visit.', false, 's'],
    ],
  },
  {
    cp: 'LDN', ago: 137, status: 'closed', to: 'c', sector: 'hospitality', region: 'GB-ENG', types: ['information_only'], p: null,
    summary: 'Anonymous walk-in (restaurant worker) asked how tips must be shared under the new tipping law. Gave the leaflet and the ACAS helpline.',
  },
  {
    cp: 'LDN', ago: 130, status: 'open', to: 'c', sector: 'care', region: 'GB-ENG', types: ['minimum_wage'],
    p: { name: 'Ayşe Çerkezoğlu', nat: 'TR', lang: 'tr', gender: 'woman', born: 1982, imm: 'other_visa', visa: 'Ankara Agreement (settled)', phone: '+44 7700 900913', union: [UNION_UK, 'WU-455120', 120] },
    summary: 'Home carer paid only for time at clients\' homes, not travel between visits; average pay per hour worked is below the minimum wage.',
    job: [700, null], claimed: 3100,
    parties: [['silverleaf', 'employer']],
    events: [
      [0, 'meeting', 'Intake. Rota app screenshots for 12 weeks show visits back to back across three boroughs.'],
      [12, 'note', 'Travel-time calculation: 9.5 unpaid hours a week on average; shortfall about £3,100 over a year.'],
      [26, 'note', 'Complaint to HMRC national minimum wage enforcement (named complaint, with her consent).'],
      [90, 'call', 'HMRC opened an investigation into Silverleaf Homecare.'],
    ],
  },
  {
    cp: 'LDN', ago: 121, status: 'open', to: 'c', sector: 'hospitality', region: 'GB-ENG', types: ['wage_theft', 'minimum_wage'],
    p: { name: 'Rahim Uddin', nat: 'BD', lang: 'bn', interp: true, gender: 'man', born: 1990, imm: 'undocumented', phone: '+44 7700 900961', flags: ['employer_controls_phone'], safetyNote: 'The restaurant owner pays for and checks his phone. Contact only through his cousin (number on file with the supervisor).' },
    summary: 'Kitchen worker paid £250 cash for 60-hour weeks; last three weeks unpaid after he asked for a day off.',
    job: [400, 100], claimed: 1650,
    parties: [['spiceGarden', 'employer']],
    events: [
      [0, 'meeting', 'Intake with Bengali interpreter. Explained what a claim would involve given his status; he wants to think.'],
      [1, 'note', 'Cousin\'s number kept by the supervisor only. Do not call his own phone.', true, 's'],
      [20, 'meeting', 'He wants us to send an informal demand for the three weeks, without his surname.'],
      [60, 'note', 'Owner replied through a relative: will pay "when business is better".'],
    ],
  },
  {
    cp: 'LDN', ago: 112, status: 'awaiting_outcome', to: 'c', sector: 'cleaning', region: 'GB-ENG', types: ['minimum_wage', 'holiday_sick_pay'],
    p: { name: 'María José Hernández', nat: 'ES', lang: 'es', gender: 'woman', born: 1984, imm: 'eu_mobile', visa: 'EU Settlement Scheme (settled status)', phone: '+44 7700 900133', union: [UNION_UK, 'WU-456781', 100] },
    summary: 'Office cleaner on a contract for a City building; paid for 3 hours a night while the checklist takes 4. No sick pay during a month off with a back injury.',
    job: [1100, null], claimed: 2950,
    parties: [['citywide', 'employer']],
    events: [
      [0, 'meeting', 'Intake in Spanish. Cleaning checklist and her own timings for four weeks.'],
      [18, 'note', 'Grievance filed with help from the union rep.'],
      [40, 'meeting', 'Grievance meeting: Citywide agreed to review the hours on the contract.'],
      [75, 'note', 'Waiting for the outcome of the hours review (promised within 6 weeks).'],
    ],
  },
  {
    cp: 'LDN', ago: 103, status: 'closure_requested', to: 'c', sector: 'care', region: 'GB-ENG', types: ['recruitment_fees', 'unsafe_accommodation'],
    p: { name: 'Maricel Santos', nat: 'PH', lang: 'tl', gender: 'woman', born: 1985, imm: 'work_visa_tied', visa: 'Health and Care Worker visa', visaEnds: 900, phone: '+44 7700 900199', handle: 'Messenger' },
    summary: 'Recruited by Bright Future Recruitment (fee £3,800); housed in a Kensal Property Management flat with damp and a broken boiler, rent deducted from wages.',
    job: [260, null], claimed: 3800, recovered: 3800, outcome: 'resolved_paid_in_full',
    outcomeNote: 'Bright Future refunded the whole fee after the EAS inspection; she has moved to a safe flat and wants to close.',
    gcm: ['gcm6_fair_recruitment'], parties: [['brightFuture', 'recruitment_agency'], ['kensal', 'landlord']],
    events: [
      [0, 'meeting', 'Intake. Fee receipt and the tenancy "licence" signed on arrival.'],
      [4, 'note', 'Fourth Bright Future case at this desk. Added to the joint EAS complaint.'],
      [30, 'note', 'Council inspection of the flat; repairs ordered.'],
      [70, 'call', 'Bright Future refunded the fee after the EAS inspection. Moved to a new flat.'],
    ],
  },
  {
    cp: 'LDN', ago: 96, status: 'open', to: 'c', sector: 'delivery_logistics', region: 'GB-ENG', types: ['misclassification', 'health_safety'],
    p: { name: 'Abdi Warsame', nat: 'SO', lang: 'so', interp: true, gender: 'man', born: 1997, imm: 'refugee', visa: 'Refugee status', visaEnds: 1400, phone: '+44 7700 900227' },
    summary: 'Food-delivery rider knocked off his bike on shift; off work for five weeks with no income. The platform treats riders as self-employed.',
    job: [700, null],
    parties: [['swiftDrop', 'employer']],
    events: [
      [0, 'meeting', 'Intake with Somali interpreter. Hospital discharge letter and the platform\'s account deactivation message.'],
      [10, 'note', 'Universal Credit claim made with help from the welfare rights volunteer.'],
      [45, 'note', 'Personal injury route through the other driver\'s insurance: referred to solicitors.'],
    ],
  },
  {
    cp: 'LDN', ago: 88, status: 'open', to: 'c', sector: 'care', region: 'GB-ENG', pri: 'high', types: ['harassment_discrimination', 'visa_tie_abuse'],
    p: { name: 'Fatima Zahra Benali', nat: 'MA', lang: 'ar', gender: 'woman', born: 1989, imm: 'work_visa_tied', visa: 'Health and Care Worker visa', visaEnds: 610, phone: '+44 7700 900264', flags: ['risk_of_retaliation'] },
    summary: 'Carer told by her manager to remove her headscarf for visits and threatened with "losing her visa" after she complained of racist remarks.',
    job: [400, null],
    parties: [['silverleaf', 'employer']],
    events: [
      [0, 'meeting', 'Intake in Arabic (Amira). Has voice messages from the manager.'],
      [3, 'note', 'Third Silverleaf Homecare case. Told the supervisor.'],
      [6, 'note', 'Immigration advice booked before anything is sent to the employer.'],
      [30, 'note', 'ACAS early conciliation for discrimination (religion or belief); time limit noted.'],
    ],
  },
  {
    cp: 'LDN', ago: 80, status: 'awaiting_outcome', to: 'c', sector: 'manufacturing', region: 'GB-ENG', types: ['dismissal_retaliation'],
    p: { name: 'Bogdan Lungu', nat: 'RO', lang: 'ro', also: ['it', 'en'], gender: 'man', born: 1980, imm: 'eu_mobile', visa: 'EU Settlement Scheme (settled status)', phone: '+44 7700 900301', union: [UNION_UK, 'WU-457332', 85] },
    summary: 'Food factory line worker dismissed after raising temperature and break concerns as health and safety rep.',
    job: [1300, 75], claimed: 9000,
    parties: [['wembleyFoods', 'employer']],
    events: [
      [0, 'meeting', 'Intake with the branch. Emails raising the concerns and the dismissal letter three weeks later.'],
      [5, 'note', 'ET1 lodged: automatically unfair dismissal (health and safety reasons).'],
      [60, 'note', 'Preliminary hearing set; waiting for the respondent\'s grounds of resistance.'],
    ],
  },
  {
    cp: 'LDN', ago: 71, status: 'open', to: 'c', sector: 'delivery_logistics', region: 'GB-ENG', types: ['unlawful_deductions', 'overtime_working_time'],
    p: { name: 'Kwame Asante', nat: 'GH', lang: 'en', gender: 'man', born: 1996, imm: 'other_visa', visa: 'Graduate visa', visaEnds: 300, phone: '+44 7700 900344' },
    summary: 'Warehouse agency worker: deductions for "missed scans" and unpaid 30-minute security checks after each shift.',
    job: [250, null], claimed: 1300,
    parties: [['pinnacle', 'labour_provider'], ['parkway', 'employer']],
    events: [
      [0, 'meeting', 'Intake. Same agency and site as an earlier case at this desk (transport deductions).'],
      [20, 'note', 'Letter to Pinnacle about the unpaid security checks; the earlier refund noted.'],
    ],
  },
  {
    cp: 'LDN', ago: 63, status: 'closure_requested', to: 'c', sector: 'hospitality', region: 'GB-ENG', types: ['holiday_sick_pay'],
    p: { name: 'Hamid Rahimi', nat: 'AF', lang: 'fa', interp: true, gender: 'man', born: 2000, imm: 'refugee', visa: 'Refugee status', visaEnds: 1500, phone: '+44 7700 900382' },
    summary: 'Kitchen porter refused statutory sick pay for two weeks of illness; told "agency staff don\'t get sick pay".',
    job: [200, null], claimed: 233, recovered: 233, outcome: 'resolved_paid_in_full',
    parties: [['goldenWok', 'employer']],
    events: [
      [0, 'meeting', 'Intake with Dari interpreter.'],
      [4, 'call', 'Called the manager and explained SSP rules; promised payment in the next pay run.'],
      [30, 'call', 'SSP paid in full. Hamid happy to close.'],
    ],
  },
  {
    cp: 'LDN', ago: 55, status: 'open', to: 'c', sector: 'care', region: 'GB-ENG', types: ['skills_recognition'],
    p: { name: 'Chidinma Okeke', nat: 'NG', lang: 'en', gender: 'woman', born: 1986, imm: 'work_visa_tied', visa: 'Health and Care Worker visa', visaEnds: 800, phone: '+44 7700 900420' },
    summary: 'Registered nurse in Nigeria working as a care assistant; wants help with NMC registration and the employer\'s refusal to give study time promised in the offer.',
    job: [240, null],
    parties: [['meadowbank', 'employer']],
    events: [
      [0, 'meeting', 'Intake. Offer letter promises "support towards NMC registration".'],
      [14, 'note', 'Referred to the union\'s learning centre for the OSCE preparation course.'],
    ],
  },
  {
    cp: 'LDN', ago: 47, status: 'open', to: 'c', sector: 'construction', region: 'GB-ENG', types: ['wage_theft', 'social_security'],
    p: { name: 'Rui Carvalho', nat: 'BR', lang: 'pt', gender: 'man', born: 1991, imm: 'undocumented', phone: '+44 7700 900458', scopes: NO_SHARING },
    summary: 'Plasterer paid in cash by a labour provider; £1,200 owed for the last two weeks. Also asks about healthcare access.',
    job: [180, 40], claimed: 1200,
    parties: [['thameside', 'labour_provider']],
    events: [
      [0, 'meeting', 'Intake in Portuguese. Third case naming Thameside Build Services at this desk.'],
      [2, 'note', 'GP registration: explained that he can register without immigration documents.'],
    ],
  },
  {
    cp: 'LDN', ago: 38, status: 'awaiting_outcome', to: 'c', sector: 'hospitality', region: 'GB-ENG', types: ['minimum_wage', 'overtime_working_time'],
    p: { name: 'سلمى بن علي', alias: 'Salma', nat: 'TN', lang: 'ar', gender: 'woman', born: 1998, imm: 'other_visa', visa: 'Student visa (20 hours a week)', visaEnds: 200, phone: '+44 7700 900497', flags: ['risk_of_retaliation'], safetyNote: 'The employer makes her work beyond her visa hours; careful how any claim is framed.' },
    summary: 'Student working in a hotel kitchen; paid £8 an hour and pushed beyond her 20 visa hours, which she fears will affect her visa.',
    job: [150, null], claimed: 850,
    parties: [['regentPark', 'employer']],
    events: [
      [0, 'meeting', 'Intake in Arabic. Worried about her visa more than the money.'],
      [1, 'note', 'Immigration advice first: the breach of visa conditions is the employer\'s pressure, document it carefully.', true],
      [20, 'note', 'HMRC minimum wage complaint made anonymously through the union (second Regent Park case).'],
    ],
  },
  {
    cp: 'LDN', ago: 29, status: 'open', to: 'c', sector: 'agriculture', region: 'GB-ENG', types: ['overtime_working_time', 'unsafe_accommodation'],
    p: { name: 'Dilnoza Karimova', nat: 'UZ', lang: 'uz', interp: true, gender: 'woman', born: 2001, imm: 'other_visa', visa: 'Seasonal Worker visa', visaEnds: 90, phone: '+44 7700 900534' },
    summary: 'Seasonal worker in a packhouse: 70-hour weeks in peak season and a caravan without a lock on the door.',
    job: [120, null],
    gcm: ['gcm6_fair_recruitment'], parties: [['agriStaff', 'recruitment_agency'], ['greenacre', 'employer']],
    events: [
      [0, 'call', 'Call with Uzbek interpreter; she heard of us from a worker last year (same farm).'],
      [5, 'note', 'Second case naming Greenacre Growers and AgriStaff. Complaint to the scheme operator about the caravan lock.'],
    ],
  },
  {
    cp: 'LDN', ago: 22, status: 'open', to: 'c', sector: 'hospitality', region: 'GB-ENG', types: ['wage_theft'],
    p: { name: 'Zhang Wei', alias: 'David', nat: 'CN', lang: 'zh', interp: true, gender: 'man', born: 1978, imm: 'undocumented', phone: '+44 7700 900571', flags: ['do_not_text'] },
    summary: 'Chef at a takeaway, owed six weeks\' wages after the business changed hands.',
    job: [800, 25], claimed: 3000,
    parties: [['goldenWok', 'employer']],
    events: [
      [0, 'meeting', 'Intake with Mandarin interpreter. The new owner says the debt is the old owner\'s.'],
      [8, 'note', 'TUPE may apply to the change of owner: checking the sale date.'],
    ],
  },
  {
    cp: 'LDN', ago: 15, status: 'intake', to: 'c', sector: 'cleaning', region: 'GB-ENG', types: ['wage_theft', 'holiday_sick_pay'],
    p: { name: 'Aleksandra Kowalczyk', nat: 'PL', lang: 'pl', also: ['en'], gender: 'woman', born: 1972, imm: 'eu_mobile', visa: 'EU Settlement Scheme (settled status)', phone: '+44 7700 900608' },
    summary: 'Hotel cleaner through an agency: final pay and accrued holiday not paid after she left.',
    job: [400, 20], claimed: 1100,
    parties: [['brightShine', 'employer']],
    events: [[1, 'call', 'Asked her to bring the last three payslips and her P45 if she has it.']],
  },
  {
    cp: 'LDN', ago: 11, status: 'intake', to: null, sector: 'care', region: 'GB-ENG', types: ['sponsorship_loss'], pri: 'urgent',
    p: { name: 'Grace Wanjiru', nat: 'KE', lang: 'sw', gender: 'woman', born: 1993, imm: 'work_visa_tied', visa: 'Health and Care Worker visa', visaEnds: 40, phone: '+44 7700 900645' },
    summary: 'Dismissed by a care agency; sponsorship to be withdrawn. Needs immigration advice urgently.',
    job: [210, 12],
    parties: [['carewell', 'employer']],
  },
  {
    cp: 'LDN', ago: 8, status: 'intake', to: 'c', sector: 'delivery_logistics', region: 'GB-ENG', types: ['misclassification'],
    p: { name: 'Mihai Ionescu', nat: 'MD', lang: 'ro', gender: 'man', born: 1989, imm: 'eu_mobile', visa: 'EU Settlement Scheme (pre-settled status)', visaEnds: 500, phone: '+44 7700 900683' },
    summary: 'Van driver for a logistics company, recently moved onto a "self-employed" contract with the same hours and van.',
    job: [700, null],
    parties: [['harbourLogistics', 'employer']],
  },
  {
    cp: 'LDN', ago: 5, status: 'intake', to: null, sector: 'domestic_work', region: 'GB-ENG', types: ['minimum_wage', 'passport_withheld'], pri: 'high',
    p: { alias: 'Rosa', nat: 'PH', lang: 'tl', gender: 'woman', imm: 'unknown', flags: ['lives_at_employer', 'meet_in_person_only'], safetyNote: 'Came with a friend from church; will come back on her day off (Sunday).' },
    summary: 'Live-in domestic worker; employer keeps her passport "for safety". Details to be taken at the next visit.',
  },
  {
    cp: 'LDN', ago: 2, status: 'intake', to: 'c', sector: 'construction', region: 'GB-ENG', types: ['wage_theft'],
    p: { name: 'Bilal Hussain', nat: 'PK', lang: 'ur', gender: 'man', born: 1994, imm: 'asylum_seeker', phone: '+44 7700 900721', scopes: ['store'] },
    summary: 'Labourer paid for two of four weeks on a loft conversion; the builder stopped answering calls.',
    job: [35, 5], claimed: 1000,
  },

  // ---------------------------------------------------------------- Chicago
  {
    cp: 'CHI', ago: 285, status: 'closed', to: 'c', sector: 'construction', region: 'US-IL', types: ['overtime_working_time', 'wage_theft'],
    p: { name: 'Marek Kowalczyk', nat: 'PL', lang: 'pl', also: ['en'], gender: 'man', born: 1977, imm: 'national', phone: '+1 312 555 0104', union: [UNION_US, 'MWF-20931', 1600] },
    summary: 'Drywall finisher paid straight time for 55-hour weeks for a year.',
    job: [800, 300], claimed: 11400, recovered: 11400, outcome: 'won_at_tribunal', outcomeNote: 'IDOL wage claim decided in his favor; paid in full.',
    parties: [['windyCity', 'labour_provider'], ['prairie', 'employer']],
    events: [
      [0, 'meeting', 'Intake in Polish. Timesheets photographed every Friday for a year.'],
      [6, 'note', 'Wage claim filed with the Illinois Department of Labor.'],
      [160, 'meeting', 'IDOL hearing: employer did not appear.'],
    ],
  },
  {
    cp: 'CHI', ago: 266, status: 'closed', to: 'c', sector: 'manufacturing', region: 'US-IL', types: ['unlawful_deductions'],
    p: { name: 'Abdoulaye Diallo', nat: 'GN', lang: 'fr', gender: 'man', born: 1990, imm: 'other_visa', visa: 'Asylum pending with work permit (EAD)', visaEnds: 300, phone: '+1 312 555 0117' },
    summary: 'Temp worker at a food plant through a staffing agency: $20 a week deducted for the van ride and $35 for safety boots.',
    job: [500, 250], claimed: 980, recovered: 980, outcome: 'resolved_paid_in_full', outcomeNote: 'Refunded after a Day and Temporary Labor Services Act complaint.',
    parties: [['lakeshore', 'labour_provider'], ['midway', 'employer']],
    events: [
      [0, 'meeting', 'Intake in French. Pay stubs show the deductions every week.'],
      [8, 'note', 'Complaint under the Day and Temporary Labor Services Act (no charges for transport or safety equipment).'],
      [62, 'call', 'Agency refunded all deductions.'],
    ],
  },
  {
    cp: 'CHI', ago: 248, status: 'closed', to: 's', sector: 'hospitality', region: 'US-IL', types: ['overtime_working_time'],
    p: { name: 'Mehmet Yılmaz', nat: 'TR', lang: 'tr', gender: 'man', born: 1985, imm: 'other_visa', visa: 'Green card holder', phone: '+1 312 555 0121' },
    summary: 'Cook paid a fixed weekly salary for 65 hours, classified as a "manager" to avoid overtime.',
    job: [900, 240], claimed: 8700, recovered: 6000, outcome: 'settled',
    parties: [['bosphorus', 'employer']],
    events: [
      [0, 'meeting', 'Intake. He hires no one and manages no one: not exempt.'],
      [20, 'note', 'Demand letter sent by the volunteer attorney.', false, 's'],
      [90, 'note', 'Settled for $6,000.', false, 's'],
    ],
  },
  {
    cp: 'CHI', ago: 232, status: 'closed', to: 'c', sector: 'construction', region: 'US-IL', types: ['wage_theft'],
    p: { name: 'Jorge Alberto Pérez', nat: 'MX', lang: 'es', gender: 'man', born: 1981, imm: 'undocumented', phone: '+1 312 555 0133', scopes: NO_SHARING },
    summary: 'Day laborer picked up at a corner for a roofing job; not paid for three days.',
    job: [240, 228], claimed: 540, outcome: 'lost_contact',
    events: [
      [0, 'meeting', 'Intake in Spanish. Only has the contractor\'s first name and truck plate.'],
      [15, 'note', 'No reply from the contractor\'s number. Worker moved to another city.'],
    ],
  },
  {
    cp: 'CHI', ago: 219, status: 'closed', to: 'c', sector: 'other', region: 'US-IL', types: ['information_only'], p: null,
    summary: 'Anonymous caller asked whether Chicago\'s paid leave ordinance covers domestic workers. Explained and sent the city\'s fact sheet.',
  },
  {
    cp: 'CHI', ago: 204, status: 'awaiting_outcome', to: 'c', sector: 'construction', region: 'US-IL', pri: 'high', types: ['wage_theft', 'deferred_action'],
    p: { name: 'José Luis Ramírez', nat: 'MX', lang: 'es', gender: 'man', born: 1979, imm: 'undocumented', phone: '+1 312 555 0140', union: [UNION_US, 'MWF-22817', 200] },
    summary: 'Wage theft by a framing subcontractor affecting 14 workers; he is the lead complainant and applying for deferred action as a witness in the labor investigation.',
    job: [700, 210], claimed: 12600,
    gcm: ['gcm7_reduce_vulnerabilities'], parties: [['prairie', 'employer'], ['windyCity', 'labour_provider']],
    events: [
      [0, 'meeting', 'Group intake with 6 of the 14 workers. José Luis kept the crew\'s hours.'],
      [10, 'note', 'Complaint filed with the US Department of Labor Wage and Hour Division.'],
      [40, 'note', 'Asked WHD for a statement of interest supporting deferred action for the crew.'],
      [95, 'note', 'Statement of interest issued. Deferred action requests filed for 9 workers.'],
      [180, 'call', 'No decision yet from USCIS.'],
    ],
  },
  {
    cp: 'CHI', ago: 190, status: 'open', to: 'c', sector: 'care', region: 'US-IL', pri: 'high', types: ['recruitment_fees', 'visa_tie_abuse'],
    p: { name: 'Rowena Bautista', nat: 'PH', lang: 'tl', gender: 'woman', born: 1984, imm: 'work_visa_tied', visa: 'EB-3 (adjustment pending)', phone: '+1 312 555 0152', flags: ['risk_of_retaliation'] },
    summary: 'Recruited in Manila by Bright Future Recruitment for a US caregiver job; paid a $6,000 placement fee and signed a $15,000 "breach fee" if she leaves within 3 years.',
    job: [400, null], claimed: 6000,
    gcm: ['gcm6_fair_recruitment'], parties: [['brightFuture', 'recruitment_agency'], ['goldenYears', 'employer']],
    events: [
      [0, 'meeting', 'Intake with Tagalog-speaking volunteer. Has the contract with the breach fee and the fee receipt.'],
      [5, 'note', 'The party page shows Bright Future Recruitment already named in a London case. Raised with the London supervisor through the network (no names).', false, 's'],
      [20, 'note', 'Referred to an immigration attorney about the breach fee and the pending adjustment.'],
      [100, 'note', 'Complaint to the Philippine Migrant Workers Office about the fee.'],
    ],
  },
  {
    cp: 'CHI', ago: 178, status: 'closed', to: 'c', sector: 'cleaning', region: 'US-IL', types: ['holiday_sick_pay'],
    p: { name: 'Ewelina Zielińska', nat: 'PL', lang: 'pl', also: ['en'], gender: 'woman', born: 1970, imm: 'national', phone: '+1 312 555 0165', union: [UNION_US, 'MWF-19004', 2400] },
    summary: 'Office cleaner denied paid leave under the Chicago Paid Leave ordinance.',
    job: [2000, null], claimed: 720, recovered: 480, outcome: 'resolved_paid_in_part',
    parties: [['lakeviewCleaners', 'employer']],
    events: [
      [0, 'meeting', 'Intake in Polish.'],
      [12, 'note', 'Complaint to the Chicago Office of Labor Standards.'],
    ],
  },
  {
    cp: 'CHI', ago: 165, status: 'open', to: 'c', sector: 'domestic_work', region: 'US-IL', types: ['wage_theft', 'minimum_wage'],
    p: { name: 'Guadalupe Torres', nat: 'MX', lang: 'es', gender: 'woman', born: 1968, imm: 'undocumented', phone: '+1 312 555 0178', flags: ['employer_controls_phone', 'do_not_call'], safetyNote: 'Live-out housekeeper; the employer gave her the phone and reads her messages. Meets us after Mass on Sundays.' },
    summary: 'Housekeeper for a family for 6 years at $300 a week for 50 hours; rights under the Illinois Domestic Workers\' Bill of Rights.',
    job: [2200, null], claimed: 14000,
    events: [
      [0, 'meeting', 'Intake at the parish hall. Explained the Domestic Workers\' Bill of Rights.'],
      [30, 'meeting', 'She wants to keep the job; we agreed to calculate the claim and decide later.'],
      [120, 'note', 'Claim calculated for the 3-year lookback: about $14,000.'],
    ],
  },
  {
    cp: 'CHI', ago: 150, status: 'awaiting_outcome', to: 'c', sector: 'hospitality', region: 'US-IL', types: ['harassment_discrimination'],
    p: { name: 'Luz Marina Castillo', nat: 'GT', lang: 'es', gender: 'woman', born: 1992, imm: 'asylum_seeker', visa: 'Asylum pending with EAD', visaEnds: 400, phone: '+1 312 555 0189', flags: ['risk_of_retaliation'] },
    summary: 'Hotel housekeeper sexually harassed by a supervisor; moved to night shifts after she complained.',
    job: [500, null],
    parties: [['loopHotel', 'employer']],
    events: [
      [0, 'meeting', 'Intake. Detailed account of the incidents; she wants it to stop and to return to day shifts.'],
      [1, 'note', 'Account of the incidents kept here, not in the case summary.', true],
      [14, 'note', 'Charge filed with the Illinois Department of Human Rights.'],
      [90, 'note', 'IDHR investigation ongoing; mediation offered.'],
    ],
  },
  {
    cp: 'CHI', ago: 138, status: 'open', to: 'c', sector: 'other', region: 'US-IL', types: ['misclassification', 'minimum_wage'],
    p: { name: 'Trần Thị Mai', nat: 'VN', lang: 'vi', interp: true, gender: 'woman', born: 1997, imm: 'other_visa', visa: 'Green card (conditional)', phone: '+1 312 555 0192' },
    summary: 'Nail technician paid commission only as an "independent contractor"; slow days pay nothing.',
    job: [600, null], claimed: 7200,
    parties: [['happyNails', 'employer']],
    events: [
      [0, 'meeting', 'Intake with Vietnamese interpreter.'],
      [30, 'note', 'Misclassification complaint under the Illinois Minimum Wage Law prepared.'],
    ],
  },
  {
    cp: 'CHI', ago: 124, status: 'closure_requested', to: 'c', sector: 'delivery_logistics', region: 'US-IL', types: ['health_safety'],
    p: { name: 'Edwin Morales', nat: 'HN', lang: 'es', gender: 'man', born: 1988, imm: 'other_visa', visa: 'TPS Honduras', visaEnds: 180, phone: '+1 312 555 0114' },
    summary: 'Warehouse loader injured by a falling pallet; workers\' compensation initially denied.',
    job: [900, null], claimed: 9500, recovered: 9500, outcome: 'resolved_paid_in_full',
    parties: [['fastLane', 'employer']],
    events: [
      [0, 'meeting', 'Intake. ER records and a witness statement from a co-worker.'],
      [9, 'note', 'Referred to a workers\' compensation attorney; OSHA complaint about the racking.'],
      [110, 'call', 'Comp claim accepted; back benefits paid.'],
    ],
  },
  {
    cp: 'CHI', ago: 112, status: 'awaiting_outcome', to: 'c', sector: 'cleaning', region: 'US-IL', types: ['deferred_action', 'wage_theft'],
    p: { name: 'Carmen Rosa Quispe', nat: 'PE', lang: 'es', gender: 'woman', born: 1976, imm: 'undocumented', phone: '+1 312 555 0126', union: [UNION_US, 'MWF-23340', 100] },
    summary: 'Office cleaner in a city-wide wage theft case against a cleaning contractor; applying for deferred action as a witness.',
    job: [1500, null], claimed: 4800,
    parties: [['lakeviewCleaners', 'employer']],
    events: [
      [0, 'meeting', 'Intake with the union cleaners\' committee.'],
      [25, 'note', 'Deferred action request filed with the labor agency\'s statement of interest.'],
    ],
  },
  {
    cp: 'CHI', ago: 99, status: 'open', to: 'c', sector: 'agriculture', region: 'US-IL', types: ['wage_theft', 'unsafe_accommodation'],
    p: { alias: 'El Güero', nat: 'MX', lang: 'es', gender: 'man', imm: 'undocumented', flags: ['risk_of_retaliation', 'lives_at_employer'], safetyNote: 'Lives in the nursery\'s bunkhouse. Known here only by his nickname; contact through the farmworker outreach van.', scopes: NO_SHARING },
    summary: 'Nursery worker paid a flat $500 a week for 70 hours; bunkhouse with no working shower.',
    job: [400, null], claimed: 6200,
    parties: [['heartland', 'employer']],
    events: [
      [0, 'meeting', 'Met at the outreach van in Woodstock. He gives only his nickname.'],
      [20, 'note', 'Two other workers from the same nursery came to the van.'],
    ],
  },
  {
    cp: 'CHI', ago: 90, status: 'open', to: 'c', sector: 'manufacturing', region: 'US-IL', pri: 'high', types: ['dismissal_retaliation'],
    p: { name: 'Chinedu Eze', nat: 'NG', lang: 'en', gender: 'man', born: 1987, imm: 'other_visa', visa: 'H-1B', visaEnds: 380, phone: '+1 312 555 0138', union: [UNION_US, 'MWF-23512', 80] },
    summary: 'Machine operator fired after talking to co-workers about a union; his H-1B status depends on finding a new employer within 60 days.',
    job: [700, 85],
    parties: [['nortonMetal', 'employer']],
    events: [
      [0, 'meeting', 'Intake. Termination two days after a union meeting in the break room.'],
      [2, 'note', 'Unfair labor practice charge filed with the NLRB. Immigration attorney consulted on the 60-day grace period.'],
      [50, 'call', 'New employer found; transfer petition filed.'],
    ],
  },
  {
    cp: 'CHI', ago: 78, status: 'open', to: 'c', sector: 'manufacturing', region: 'US-IL', types: ['health_safety', 'deferred_action'],
    p: { name: 'Yesenia Flores', nat: 'SV', lang: 'es', gender: 'woman', born: 1995, imm: 'undocumented', phone: '+1 312 555 0141' },
    summary: 'Food-plant worker with chemical burns from cleaning products without protective equipment; OSHA inspection under way.',
    job: [300, null],
    parties: [['lakeshore', 'labour_provider'], ['midway', 'employer']],
    events: [
      [0, 'meeting', 'Intake. Second Lakeshore Staffing worker at Midway Foods this year.'],
      [6, 'note', 'OSHA complaint filed; asked for a statement of interest for deferred action.'],
    ],
  },
  {
    cp: 'CHI', ago: 67, status: 'open', to: 'c', sector: 'care', region: 'US-IL', types: ['overtime_working_time'],
    p: { name: 'Imelda Reyes', nat: 'PH', lang: 'tl', gender: 'woman', born: 1972, imm: 'other_visa', visa: 'Green card holder', phone: '+1 312 555 0150' },
    summary: 'Home care aide on 24-hour shifts paid for 13 hours; sleep and meal breaks interrupted every night.',
    job: [1200, null], claimed: 9800,
    parties: [['goldenYears', 'employer']],
    events: [[0, 'meeting', 'Intake. Second Golden Years Home Care case.'], [21, 'note', 'Demand letter for unpaid 24-hour shift hours.']],
  },
  {
    cp: 'CHI', ago: 54, status: 'closure_requested', to: 'c', sector: 'hospitality', region: 'US-IL', types: ['minimum_wage'],
    p: { name: 'Rosa Elena Martínez', nat: 'MX', lang: 'es', gender: 'woman', born: 1990, imm: 'other_visa', visa: 'DACA', visaEnds: 500, phone: '+1 312 555 0163' },
    summary: 'Server paid the tipped wage while most of her shift was food prep.',
    job: [600, null], claimed: 2100, recovered: 1500, outcome: 'settled',
    parties: [['taqueria', 'employer']],
    events: [[0, 'meeting', 'Intake.'], [15, 'call', 'Owner agreed to meet with us.'], [40, 'meeting', 'Agreement: $1,500 and hourly pay for prep work from now on.']],
  },
  {
    cp: 'CHI', ago: 43, status: 'open', to: 'c', sector: 'cleaning', region: 'US-IL', types: ['social_security', 'unsafe_accommodation'],
    p: { name: 'Оксана Бондаренко', alias: 'Oksana', nat: 'UA', lang: 'uk', also: ['ru'], interp: true, gender: 'woman', born: 1983, imm: 'other_visa', visa: 'Uniting for Ukraine parole', visaEnds: 150, phone: '+1 312 555 0176' },
    summary: 'Parolee cleaning offices; needs help with her work permit renewal and an apartment with no heat.',
    job: [200, null],
    parties: [['pilsenRentals', 'landlord']],
    events: [[0, 'meeting', 'Intake with Ukrainian interpreter.'], [10, 'note', 'Heat complaint to the city (311) and re-parole application checklist given.']],
  },
  {
    cp: 'CHI', ago: 33, status: 'open', to: 'c', sector: 'manufacturing', region: 'US-IL', types: ['unlawful_deductions', 'wage_theft'],
    p: { name: 'Pedro Sánchez Ortiz', nat: 'MX', lang: 'es', gender: 'man', born: 1999, imm: 'undocumented', phone: '+1 312 555 0187' },
    summary: 'Staffing agency worker at a food plant; unpaid waiting time at the agency office and deductions for check-cashing fees.',
    job: [180, null], claimed: 1400,
    parties: [['lakeshore', 'labour_provider'], ['midway', 'employer']],
    events: [[0, 'meeting', 'Intake. Third Lakeshore Staffing case: see the party page.'], [7, 'note', 'Added to the DTLSA complaint with the earlier Lakeshore case.']],
  },
  {
    cp: 'CHI', ago: 24, status: 'intake', to: 'c', sector: 'domestic_work', region: 'US-IL', types: ['minimum_wage'],
    p: { name: 'Maria Fernanda Silva', nat: 'BR', lang: 'pt', gender: 'woman', born: 1996, imm: 'other_visa', visa: 'J-1 au pair', visaEnds: 120, phone: '+1 312 555 0195' },
    summary: 'Au pair working 55 hours a week for the weekly stipend.',
    job: [240, null],
  },
  {
    cp: 'CHI', ago: 17, status: 'intake', to: null, sector: 'delivery_logistics', region: 'US-IL', types: ['misclassification'],
    p: { name: 'Dawit Bekele', nat: 'ET', lang: 'am', interp: true, gender: 'man', born: 1993, imm: 'refugee', visa: 'Refugee (green card pending)', phone: '+1 312 555 0109' },
    summary: 'App-based delivery driver; deactivated without explanation after a customer complaint.',
    parties: [['fastLane', 'employer']],
  },
  {
    cp: 'CHI', ago: 9, status: 'intake', to: 'c', sector: 'construction', region: 'US-IL', types: ['wage_theft'], pri: 'high',
    p: { name: 'Andrés Gutiérrez', nat: 'VE', lang: 'es', gender: 'man', born: 1998, imm: 'asylum_seeker', phone: '+1 312 555 0119', scopes: ['store', 'anonymised_statistics'] },
    summary: 'Recently arrived asylum seeker; paid $40 a day for demolition work, then not paid for the last week.',
    job: [60, 10], claimed: 700,
    parties: [['prairie', 'employer']],
  },
  {
    cp: 'CHI', ago: 3, status: 'intake', to: null, sector: 'care', region: 'US-IL', types: ['wage_theft'],
    p: { name: 'Ngozi Adeyemi', nat: 'NG', lang: 'en', gender: 'woman', born: 1980, imm: 'other_visa', visa: 'Green card holder', phone: '+1 312 555 0131' },
    summary: 'Home care aide; last two paychecks bounced.',
    job: [500, null], claimed: 2200,
    parties: [['goldenYears', 'employer']],
  },
];

/** What a counsellor writes when asking to close, where the case has no note of its own. */
const closureNotes: Record<Outcome, string> = {
  resolved_paid_in_full: 'Paid in full; the worker confirmed receipt and agrees to close.',
  resolved_paid_in_part: 'Part payment received; the worker does not want to pursue the rest.',
  settled: 'Settlement agreed and paid.',
  won_at_tribunal: 'Judgment in the worker\'s favour and paid.',
  lost: 'Claim dismissed; the worker was advised on appeal and does not want to appeal.',
  referred_on: 'Referred on to a partner organisation; nothing left for the desk to do.',
  withdrawn_by_worker: 'The worker asked us to stop.',
  lost_contact: 'No answer to calls or messages for eight weeks. Can be reopened if the worker comes back.',
  advice_given: 'Advice given; nothing to follow up.',
};

const DAY = 86_400_000;
/** Hours a contact point's local working day is behind UTC (winter time; close enough for demo timestamps). */
const utcOffsetHours: Record<Cp, number> = { LDN: 0, CHI: -6 };
const isoDate = (at: number) => new Date(at).toISOString().slice(0, 10);

/**
 * A moment `daysAgo` days before now during the contact point's working day, moved off weekends, never in the
 * future. `slot` spreads the events of one day over the morning and afternoon.
 */
function workingMoment(now: number, cp: Cp, daysAgo: number, slot: number): number {
  const day = new Date(now - daysAgo * DAY);
  const weekday = day.getUTCDay();
  const shift = weekday === 6 ? -1 : weekday === 0 ? 1 : 0;
  const minutes = 9 * 60 + 20 + ((slot * 97) % (8 * 60));
  const at = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() + shift) + (minutes - utcOffsetHours[cp] * 60) * 60_000;
  return Math.min(at, now - 60 * 60_000);
}

type Staff = Record<Cp, { c: string; s: string; cpId: number; currency: string }>;

/** The statuses a case passes through to reach `status`, with the lifecycle move of each step. */
function lifecycleTo(status: CaseStatus, withAwait: boolean): { to: CaseStatus; move: string; from: CaseStatus }[] {
  const steps: { to: CaseStatus; move: string; from: CaseStatus }[] = [];
  if (status === 'intake') return steps;
  steps.push({ from: 'intake', to: 'open', move: 'open' });
  if (status === 'open') return steps;
  if (status === 'awaiting_outcome' || withAwait) steps.push({ from: 'open', to: 'awaiting_outcome', move: 'await_outcome' });
  if (status === 'awaiting_outcome') return steps;
  steps.push({ from: steps.at(-1)!.to, to: 'closure_requested', move: 'request_closure' });
  if (status === 'closure_requested') return steps;
  steps.push({ from: 'closure_requested', to: 'closed', move: 'approve_closure' });
  return steps;
}

/** The day (after opening) of each lifecycle move: after the work that leads to it, never after today. */
function moveDays(spec: CaseSpec, moves: { move: string }[]): Record<string, number> {
  const span = Math.max(spec.ago - 1, 1);
  const days = (spec.events ?? []).map(([d]) => d);
  const lastWork = Math.max(0, ...days);
  const beforeLast = days.length >= 2 ? [...days].sort((a, b) => a - b).at(-2)! : span / 2;
  const out: Record<string, number> = { open: Math.min(1, span) };
  if (moves.some((m) => m.move === 'await_outcome')) out.await_outcome = Math.min(span, spec.status === 'awaiting_outcome' ? beforeLast + 1 : lastWork + 1);
  if (spec.status === 'closure_requested') out.request_closure = Math.min(span, Math.max(lastWork + 1, span - 6));
  if (spec.status === 'closed') {
    out.request_closure = Math.min(span - 1, lastWork + 10);
    out.approve_closure = Math.min(span, out.request_closure + 3);
  }
  return out;
}

function seedOne(db: Tx, spec: CaseSpec, index: number, openedAt: number, staff: Staff, parties: Map<string, Party>, now: number) {
  const desk = staff[spec.cp];
  const who = (by: By | null | undefined) => (by === 's' ? desk.s : desk.c);
  const date = (daysAgo: number) => isoDate(now - daysAgo * DAY);
  const money = (major: number | undefined) => (major === undefined ? null : Math.round(major * 100));

  // Timeline moments: during the working day, each a little after the previous one, never in the future.
  let last = openedAt;
  let count = 0;
  const moment = (dayAfterOpening: number) => {
    count += 1;
    const at = Math.max(workingMoment(now, spec.cp, Math.max(spec.ago - dayAfterOpening, 0), index * 3 + count * 5), last + 11 * 60_000);
    last = Math.min(at, now - 60_000);
    return last;
  };

  let personId: number | null = null;
  if (spec.p) {
    const p = spec.p;
    const at = openedAt - 5 * 60_000;
    const person = insertPerson(db, {
      contactPointId: desk.cpId,
      name: p.name ?? null,
      alias: p.alias ?? null,
      preferredLanguage: p.lang,
      languages: [p.lang, ...(p.also ?? [])],
      interpreterNeeded: p.interp ?? false,
      phone: p.phone ?? null,
      messagingHandle: p.handle ?? null,
      nationality: p.nat,
      gender: p.gender ?? null,
      birthYear: p.born ?? null,
      immigrationStatus: p.imm,
      visaType: p.visa ?? null,
      visaExpiry: p.visaEnds === undefined ? null : isoDate(now + p.visaEnds * DAY),
      unionName: p.union?.[0] ?? null,
      unionNumber: p.union?.[1] ?? null,
      unionSince: p.union ? date(p.union[2]) : null,
      safetyFlags: p.flags ?? [],
      safetyNote: p.safetyNote ?? null,
      createdAt: at,
      createdBy: desk.c,
      updatedAt: at,
    });
    insertConsent(db, { personId: person.id, givenOn: isoDate(openedAt), recordedBy: desk.c, scopes: p.scopes ?? ALL, createdAt: at });
    // As the intake audits a new person: the names of the fields filled in, never their values.
    const bookkeeping = new Set(['id', 'contactPointId', 'phoneDigits', 'createdAt', 'createdBy', 'updatedAt']);
    const filled = Object.entries(person)
      .filter(([k, v]) => !bookkeeping.has(k) && v !== null && v !== false && !(Array.isArray(v) && v.length === 0))
      .map(([k]) => k);
    recordAudit(db, { userId: desk.c, action: 'create', targetType: 'person', targetId: person.id, contactPointId: desk.cpId, fields: [...filled, 'consent'] }, at);
    personId = person.id;
  }

  // An anonymous contact is logged closed with "advice given" at once, as the intake page does.
  const anonymous = spec.p === null;
  const kase = createCaseIn(
    db,
    {
      contactPointId: desk.cpId,
      personId,
      assignedTo: spec.to === 'c' || anonymous ? desk.c : null,
      caseTypes: spec.types,
      sector: spec.sector,
      jurisdictionCountry: spec.cp === 'LDN' ? 'GB' : 'US',
      jurisdictionRegion: spec.region ?? null,
      priority: spec.pri ?? 'normal',
      summary: spec.summary,
      employmentStart: spec.job ? date(spec.job[0]) : null,
      employmentEnd: spec.job?.[1] != null ? date(spec.job[1]) : null,
      amountClaimedMinor: money(spec.claimed),
      currency: spec.claimed !== undefined || spec.recovered !== undefined ? desk.currency : null,
      gcmObjectives: spec.gcm ?? [],
      status: anonymous ? 'closed' : 'intake',
      ...(anonymous ? { outcome: 'advice_given' as const, closedAt: openedAt } : {}),
    },
    desk.c,
    null,
    openedAt,
  );
  if (anonymous) return kase;

  // What appendEvent does, except that the search row is rewritten once per case at the end rather than at
  // every note: the demo is seeded in every test database, so it has to be quick.
  const append = (event: NewEvent, at: number) => insertEvent(db, { ...event, restricted: event.restricted ?? false, at });

  // Everything that happens afterwards, put in time order before it is appended.
  type Step = { day: number; apply: () => void };
  const steps: Step[] = [];
  for (const [key, role] of spec.parties ?? []) {
    const party = parties.get(key)!;
    steps.push({
      day: 0,
      apply: () => {
        linkPartyToCase(db, kase.id, party.id, role);
        append({ caseId: kase.id, userId: desk.c, kind: 'party_change', data: { action: 'linked', partyId: party.id, role } }, moment(0));
      },
    });
  }
  if (spec.to === 's')
    steps.push({
      day: 0.2,
      apply: () => {
        updateCase(db, kase.id, { assignedTo: desk.s });
        append({ caseId: kase.id, userId: desk.s, kind: 'assignment', data: { from: null, to: desk.s } }, moment(0.2));
      },
    });
  for (const [day, kind, body, restricted, by] of spec.events ?? [])
    steps.push({ day: day + 0.1, apply: () => void append({ caseId: kase.id, userId: who(by), kind, body, restricted: restricted ?? false }, moment(day)) });

  const moves = lifecycleTo(spec.status, spec.ago > 60 && index % 2 === 0);
  const days = moveDays(spec, moves);
  for (const m of moves) {
    const day = days[m.move]!;
    steps.push({
      day: day + 0.5,
      apply: () => {
        const at = moment(day);
        const data: Record<string, unknown> = { from: m.from, to: m.to, move: m.move };
        let body: string | null = null;
        const set: Parameters<typeof updateCase>[2] = { status: m.to };
        if (m.move === 'request_closure') {
          data.outcome = spec.outcome;
          body = spec.outcomeNote ?? closureNotes[spec.outcome ?? 'advice_given'];
          Object.assign(set, { outcome: spec.outcome ?? null, outcomeNote: body, amountRecoveredMinor: money(spec.recovered) });
        }
        if (m.move === 'approve_closure') set.closedAt = at;
        updateCase(db, kase.id, set);
        append({ caseId: kase.id, userId: m.move === 'approve_closure' ? desk.s : who(spec.to), kind: 'status_change', body, data }, at);
      },
    });
  }
  steps.sort((a, b) => a.day - b.day);
  for (const step of steps) step.apply();
  if (steps.length) {
    updateCase(db, kase.id, { lastActivityAt: last });
    refreshSearchRow(db, kase.id);
  }
  return kase;
}

/**
 * Adds the demo desk's cases, people, parties and timelines. Runs in one transaction: fast (one write to
 * disk) and all or nothing. `createCase` numbers each case in its contact point's sequence, so the cases are
 * created oldest first.
 */
export async function seedDemoCases(db: Db, now = Date.now()): Promise<void> {
  const user = (email: string) => db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()!.id;
  const cp = (prefix: string) => db.select({ id: contactPoints.id }).from(contactPoints).where(eq(contactPoints.refPrefix, prefix)).get()!.id;
  const staff: Staff = {
    LDN: { c: user('counsellor@demo.test'), s: user('supervisor@demo.test'), cpId: cp('LDN'), currency: 'GBP' },
    CHI: { c: user('counsellor2@demo.test'), s: user('supervisor2@demo.test'), cpId: cp('CHI'), currency: 'USD' },
  };

  await write(db, (tx) => {
    const partyIds = new Map<string, Party>();
    const firstUse = new Map<string, number>();
    for (const s of specs) for (const [key] of s.parties ?? []) firstUse.set(key, Math.max(firstUse.get(key) ?? 0, s.ago));
    for (const [key, p] of Object.entries(partySpecs)) {
      const createdBy = specs.find((s) => s.parties?.some(([k]) => k === key))?.cp === 'CHI' ? staff.CHI.c : staff.LDN.c;
      const createdAt = now - ((firstUse.get(key) ?? 300) + 0.01) * DAY;
      partyIds.set(key, insertParty(tx, { name: p.name, kind: p.kind, country: p.country, sector: p.sector ?? null, registrationNumber: p.reg ?? null, address: p.address ?? null, createdAt, createdBy }));
    }
    // Oldest first, so that reference numbers follow the order the cases were opened in.
    const ordered = specs.map((spec, index) => ({ spec, index, openedAt: workingMoment(now, spec.cp, spec.ago, index) })).sort((a, b) => a.openedAt - b.openedAt);
    for (const { spec, index, openedAt } of ordered) seedOne(tx, spec, index, openedAt, staff, partyIds, now);
  });
}
