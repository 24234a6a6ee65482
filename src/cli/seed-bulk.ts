/**
 * Fills a database with realistic synthetic cases for measuring the app at scale:
 *   npm run seed:bulk -- --cases 100000 [--database path] [--seed 42]
 * It writes with raw prepared statements in bounded transactions (a feature service would take minutes for
 * 100,000 cases); it keeps every invariant the services keep: references follow case_sequences, the FTS row of a
 * case holds its reference, person, parties and unrestricted notes only, and every case has a timeline.
 */
import { searchRow } from '../cases/search-text.js';
import { randomUUID } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type Database from 'better-sqlite3';
import type { CaseStatus, CaseType, Outcome, PartyKind, Priority, SafetyFlag, Sector } from '../cases/catalogue.js';
import { formatReference } from '../cases/cases.service.js';
import { ConfigError, loadConfig } from '../config.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { migrateDatabase, openDatabase } from '../db/client.js';
import { MAX_RETRY_DELAY_MS, write } from '../db/write.js';
import { seedDemo } from '../demo/seed.js';
import { partyNameKey } from '../parties/parties.repo.js';
import { phoneDigits } from '../people/people.repo.js';

/** Work per transaction of the bulk insert: the lock is never held longer than about this. */
const CHUNK_MS = 400;

const usage = 'Usage: npm run seed:bulk -- --cases 100000 [--database path] [--seed 42]';

// ---------------------------------------------------------------- randomness (seeded, so runs are comparable)

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let random = mulberry32(42);
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chance = (p: number) => random() < p;
/** Picks a key of `weights` with probability proportional to its weight. */
function weighted<K extends string>(weights: Record<K, number>): K {
  const entries = Object.entries(weights) as [K, number][];
  let r = random() * entries.reduce((s, [, w]) => s + w, 0);
  for (const [k, w] of entries) if ((r -= w) < 0) return k;
  return entries[entries.length - 1]![0];
}

/**
 * Rank picker with a long tail (Zipf with an offset): in a pool of thousands the first few parties are named in
 * hundreds of cases, most in one or two, as with the recruitment agencies and employers unions see again and again.
 */
function zipf(size: number, offset = 20) {
  const cdf = new Float64Array(size);
  let sum = 0;
  for (let r = 0; r < size; r++) cdf[r] = sum += 1 / (r + offset);
  return () => {
    const x = random() * sum;
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

// ---------------------------------------------------------------- names from the countries desks see most

type Origin = { code: string; lang: string; first: string[]; last: string[]; familyFirst?: boolean; dial: string };

const origins: Origin[] = [
  { code: 'PL', lang: 'pl', dial: '48', first: ['Łukasz', 'Katarzyna', 'Piotr', 'Agnieszka', 'Małgorzata', 'Tomasz', 'Paweł', 'Zofia', 'Krzysztof', 'Anna'], last: ['Kowalski', 'Nowak', 'Wiśniewska', 'Wójcik', 'Kamińska', 'Lewandowski', 'Zieliński', 'Szymańska', 'Dąbrowski', 'Kozłowska'] },
  { code: 'RO', lang: 'ro', dial: '40', first: ['Ștefan', 'Ioana', 'Andrei', 'Mihaela', 'Gheorghe', 'Elena', 'Vasile', 'Florentina', 'Cătălin', 'Daniela'], last: ['Popescu', 'Ionescu', 'Dumitrescu', 'Stan', 'Munteanu', 'Constantin', 'Țurcanu', 'Rădulescu', 'Stoica', 'Lungu'] },
  { code: 'PH', lang: 'tl', dial: '63', first: ['Maria', 'Jose', 'Rowena', 'Marites', 'Jocelyn', 'Rodel', 'Analyn', 'Jerome', 'Lorna', 'Ricardo'], last: ['Santos', 'Reyes', 'Cruz', 'Bautista', 'Dela Cruz', 'Garcia', 'Mendoza', 'Villanueva', 'Aquino', 'Ramos'] },
  { code: 'MX', lang: 'es', dial: '52', first: ['José', 'Guadalupe', 'Juan', 'Rosa', 'Luis', 'María', 'Jesús', 'Verónica', 'Alejandro', 'Leticia'], last: ['Hernández', 'García', 'Martínez', 'López', 'González', 'Pérez', 'Ramírez', 'Sánchez', 'Flores', 'Jiménez'] },
  { code: 'GT', lang: 'es', dial: '502', first: ['Byron', 'Mildred', 'Edwin', 'Sandra', 'Élmer', 'Ingrid'], last: ['Ajú', 'Xicará', 'Tzoc', 'Morales', 'Chávez', 'Cú'] },
  { code: 'HN', lang: 'es', dial: '504', first: ['Kevin', 'Yessenia', 'Wilmer', 'Dunia', 'Óscar', 'Karla'], last: ['Banegas', 'Zelaya', 'Matamoros', 'Funes', 'Aguilar', 'Murillo'] },
  { code: 'IN', lang: 'hi', dial: '91', first: ['Priya', 'Rajesh', 'Harpreet', 'Sunita', 'Arjun', 'Deepa', 'Gurpreet', 'Anil'], last: ['Sharma', 'Singh', 'Patel', 'Kaur', 'Nair', 'Gill', 'Reddy', 'Das'] },
  { code: 'NG', lang: 'en', dial: '234', first: ['Chinedu', 'Ngozi', 'Oluwaseun', 'Adaeze', 'Emeka', 'Funmilayo', 'Tunde', 'Chiamaka'], last: ['Okafor', 'Adeyemi', 'Eze', 'Balogun', 'Nwosu', 'Okonkwo', 'Adebayo', 'Obi'] },
  { code: 'UA', lang: 'uk', dial: '380', first: ['Олена', 'Андрій', 'Оксана', 'Тарас', 'Наталія', 'Олександр', 'Ірина', 'Богдан'], last: ['Шевченко', 'Коваленко', 'Бондаренко', 'Мельник', 'Ткаченко', 'Кравченко', 'Олійник', 'Лисенко'] },
  { code: 'VN', lang: 'vi', dial: '84', familyFirst: true, first: ['Văn Thành', 'Thị Hương', 'Văn Minh', 'Thị Lan', 'Văn Dũng', 'Thị Mai', 'Đức Anh', 'Thị Thu'], last: ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi'] },
  { code: 'SY', lang: 'ar', dial: '963', first: ['محمد', 'أحمد', 'فاطمة', 'مريم', 'عمر', 'رنا'], last: ['الأحمد', 'حسن', 'إبراهيم', 'السيد', 'الخطيب', 'درويش'] },
  { code: 'SY', lang: 'ar', dial: '963', first: ['Mohammed', 'Rania', 'Khaled', 'Lina', 'Omar', 'Hiba'], last: ['Al-Khatib', 'Haddad', 'Darwish', 'Youssef', 'Al-Ahmad', 'Hassan'] },
  { code: 'MA', lang: 'ar', dial: '212', first: ['Youssef', 'Fatima Zahra', 'Hamza', 'Khadija', 'Said', 'Nadia'], last: ['El Amrani', 'Benali', 'Ouali', 'Tazi', 'Alaoui', 'Bennani'] },
  { code: 'MA', lang: 'ar', dial: '212', first: ['يوسف', 'سعيد', 'خديجة', 'حمزة'], last: ['بنعلي', 'العلوي', 'التازي', 'العمراني'] },
  { code: 'TR', lang: 'tr', dial: '90', first: ['Mehmet', 'Ayşe', 'Emine', 'Mustafa', 'Gülşen', 'İbrahim'], last: ['Çerkezoğlu', 'Yılmaz', 'Öztürk', 'Şahin', 'Kaya', 'Doğan'] },
  { code: 'GR', lang: 'el', dial: '30', first: ['Γιώργος', 'Ελένη', 'Δημήτρης', 'Μαρία', 'Νίκος', 'Κατερίνα'], last: ['Παπαδόπουλος', 'Παπαδοπούλου', 'Νικολάου', 'Γεωργίου', 'Οικονόμου', 'Αντωνίου'] },
  { code: 'BR', lang: 'pt', dial: '55', first: ['João', 'Ana', 'Thiago', 'Fernanda', 'Luciana', 'Rafael', 'Gabriela', 'Márcio'], last: ['Souza', 'Oliveira', 'Silva', 'Pereira', 'Santos', 'Ferreira', 'Carvalho', 'Gonçalves'] },
  { code: 'NP', lang: 'ne', dial: '977', first: ['Sita', 'Ram', 'Bishnu', 'Laxmi', 'Hari', 'Sabina'], last: ['Gurung', 'Thapa', 'Tamang', 'Shrestha', 'Rai', 'Magar'] },
  { code: 'BD', lang: 'bn', dial: '880', first: ['Rahim', 'Nasrin', 'Karim', 'Shirin', 'Jamal', 'Ruma'], last: ['Uddin', 'Begum', 'Hossain', 'Rahman', 'Akter', 'Islam'] },
  { code: 'CN', lang: 'zh', dial: '86', familyFirst: true, first: ['伟', '芳', '敏', '静', '强', '丽'], last: ['李', '王', '张', '刘', '陈', '杨'] },
  { code: 'CN', lang: 'zh', dial: '86', familyFirst: true, first: ['Wei', 'Fang', 'Min', 'Jing', 'Qiang', 'Li'], last: ['Li', 'Wang', 'Zhang', 'Liu', 'Chen', 'Yang'] },
  { code: 'ER', lang: 'ti', dial: '291', first: ['ተስፋይ', 'ሰላም', 'ዮናስ', 'ሄለን'], last: ['ገብረሚካኤል', 'ተኽለ', 'ሃይለ', 'በርሀ'] },
  { code: 'ER', lang: 'ti', dial: '291', first: ['Tesfay', 'Selam', 'Yonas', 'Helen', 'Senait', 'Dawit'], last: ['Gebremichael', 'Tekle', 'Haile', 'Berhane', 'Kidane', 'Weldu'] },
  { code: 'AL', lang: 'sq', dial: '355', first: ['Arben', 'Blerina', 'Ergys', 'Elira', 'Gëzim', 'Mirela'], last: ['Hoxha', 'Shehu', 'Dervishi', 'Krasniqi', 'Gjoka', 'Leka'] },
  { code: 'EC', lang: 'es', dial: '593', first: ['Washington', 'Mayra', 'Darwin', 'Jessica', 'Fausto', 'Gladys'], last: ['Quishpe', 'Guamán', 'Chimbo', 'Vera', 'Cedeño', 'Zambrano'] },
  { code: 'CO', lang: 'es', dial: '57', first: ['Andrés', 'Paola', 'Camilo', 'Yurany', 'Jhon', 'Lina'], last: ['Rodríguez', 'Gómez', 'Muñoz', 'Rojas', 'Cárdenas', 'Ospina'] },
  { code: 'SN', lang: 'fr', dial: '221', first: ['Mamadou', 'Aïssatou', 'Cheikh', 'Fatou', 'Ousmane', 'Awa'], last: ['Diop', 'Ndiaye', 'Fall', 'Sow', 'Diallo', 'Gueye'] },
  { code: 'JM', lang: 'en', dial: '1876', first: ['Andre', 'Shanice', 'Damian', 'Kerry-Ann', 'Marlon', 'Tanisha'], last: ['Campbell', 'Brown', 'Williams', 'Thompson', 'Grant', 'Reid'] },
];
/** A country can have several name lists, one per script (Arabic script or a Latin transliteration). */
const originsByCode = new Map<string, Origin[]>();
for (const o of origins) originsByCode.set(o.code, [...(originsByCode.get(o.code) ?? []), o]);

const aliases = [
  'Mimi', 'Kuya Ben', 'Rosa from the farm', 'Tiger', 'Ali B.', 'J.', 'Auntie Grace', 'Little Mo', 'Sunny', 'Ana K.', 'Big Mike', 'Lola',
  'Nana', 'Chino', 'Güero', 'Flaca', 'Sasha', 'Dima', 'Princess', 'Baba', 'Ate Joy', 'Doctor', 'Teacher Li', 'M.',
];

// ---------------------------------------------------------------- contact points, parties

type Desk = { prefix: string; name: string; union: string; country: string; city: string; timezone: string; languages: string[]; share: number; nationalities: string[]; towns: string[]; companySuffixes: string[]; currency: string; dial: string; visas: string[] };

const desks: Desk[] = [
  { prefix: 'LDN', name: 'London Migrant Workers Desk', union: 'Workers Union UK', country: 'GB', city: 'London', timezone: 'Europe/London', languages: ['en', 'pl', 'ro', 'pt', 'ar', 'tl'], share: 0.36, nationalities: ['PL', 'RO', 'PH', 'IN', 'NG', 'UA', 'SY', 'BR', 'AL', 'ER', 'VN', 'BD', 'NP', 'JM'], towns: ['London', 'Leicester', 'Peterborough', 'Slough', 'Luton', 'Boston', 'Wisbech', 'Kent', 'Croydon', 'Ealing'], companySuffixes: ['Ltd', 'Limited', 'Group Ltd', 'UK Ltd'], currency: 'GBP', dial: '44', visas: ['Skilled Worker', 'Health and Care Worker', 'Seasonal Worker'] },
  { prefix: 'CHI', name: 'Chicago Worker Center', union: 'Midwest Workers Federation', country: 'US', city: 'Chicago', timezone: 'America/Chicago', languages: ['en', 'es', 'pl', 'tl'], share: 0.26, nationalities: ['MX', 'GT', 'HN', 'PL', 'PH', 'IN', 'UA', 'CN', 'NG', 'EC', 'CO', 'JM'], towns: ['Chicago', 'Cicero', 'Elgin', 'Aurora', 'Joliet', 'Waukegan', 'Rockford', 'Gary', 'Evanston', 'Naperville'], companySuffixes: ['LLC', 'Inc.', 'Corp.', 'Co.'], currency: 'USD', dial: '1', visas: ['H-2A', 'H-2B', 'TPS'] },
  { prefix: 'MAD', name: 'Madrid Migrant Workers Point', union: 'Sindicato de Trabajadores', country: 'ES', city: 'Madrid', timezone: 'Europe/Madrid', languages: ['es', 'ro', 'ar', 'fr', 'en'], share: 0.14, nationalities: ['RO', 'MA', 'EC', 'CO', 'SN', 'UA', 'CN', 'PH', 'HN', 'BD'], towns: ['Madrid', 'Almería', 'Murcia', 'Huelva', 'Lleida', 'Getafe', 'Alcalá', 'Móstoles'], companySuffixes: ['S.L.', 'S.A.', 'S.L.U.'], currency: 'EUR', dial: '34', visas: ['Temporada', 'Arraigo social'] },
  { prefix: 'DUB', name: 'Dublin Migrant Workers Centre', union: 'Irish Workers Union', country: 'IE', city: 'Dublin', timezone: 'Europe/Dublin', languages: ['en', 'pl', 'pt', 'ro', 'tl'], share: 0.12, nationalities: ['PL', 'BR', 'RO', 'PH', 'IN', 'UA', 'NG', 'AL', 'BD', 'NP'], towns: ['Dublin', 'Cork', 'Galway', 'Limerick', 'Monaghan', 'Wexford', 'Drogheda'], companySuffixes: ['Ltd', 'Limited', 'DAC', 'Teoranta'], currency: 'EUR', dial: '353', visas: ['General Employment Permit', 'Critical Skills Permit'] },
  { prefix: 'TOR', name: 'Toronto Workers Action Desk', union: 'Canadian Workers Alliance', country: 'CA', city: 'Toronto', timezone: 'America/Toronto', languages: ['en', 'es', 'tl', 'pa', 'fr'], share: 0.12, nationalities: ['MX', 'JM', 'PH', 'IN', 'GT', 'CN', 'UA', 'BR', 'VN', 'CO'], towns: ['Toronto', 'Brampton', 'Mississauga', 'Leamington', 'Niagara', 'Hamilton', 'Bradford'], companySuffixes: ['Inc.', 'Ltd.', 'Corp.', 'ULC'], currency: 'CAD', dial: '1', visas: ['TFWP (SAWP)', 'TFWP low-wage'] },
];

const brandWords = ['Apex', 'Golden', 'Sunrise', 'Northern', 'Prime', 'Evergreen', 'Harbour', 'Crown', 'Silverline', 'Blue River', 'Oakwood', 'Pioneer', 'Summit', 'Royal', 'Atlas', 'Meridian', 'Greenfield', 'Star', 'Liberty', 'Eagle', 'Phoenix', 'Horizon', 'Regal', 'Premier', 'Unity', 'Fresh Start', 'Quality', 'Sterling', 'Orchard', 'Riverside', 'Valley', 'Coastal', 'Metro', 'Capital', 'Pacific', 'Global', 'Elite', 'Swift', 'Harvest', 'Lakeside'];

type Trade = { words: string; kind: PartyKind; sector: Sector | null };
const trades: Trade[] = [
  { words: 'Care Homes', kind: 'employer', sector: 'care' },
  { words: 'Home Care', kind: 'employer', sector: 'care' },
  { words: 'Cleaning Services', kind: 'employer', sector: 'cleaning' },
  { words: 'Facilities', kind: 'employer', sector: 'cleaning' },
  { words: 'Farms', kind: 'employer', sector: 'agriculture' },
  { words: 'Fresh Produce', kind: 'employer', sector: 'agriculture' },
  { words: 'Growers', kind: 'employer', sector: 'agriculture' },
  { words: 'Construction', kind: 'employer', sector: 'construction' },
  { words: 'Builders', kind: 'employer', sector: 'construction' },
  { words: 'Logistics', kind: 'employer', sector: 'delivery_logistics' },
  { words: 'Couriers', kind: 'employer', sector: 'delivery_logistics' },
  { words: 'Hospitality Group', kind: 'employer', sector: 'hospitality' },
  { words: 'Hotels', kind: 'employer', sector: 'hospitality' },
  { words: 'Restaurants', kind: 'employer', sector: 'hospitality' },
  { words: 'Foods', kind: 'employer', sector: 'manufacturing' },
  { words: 'Packaging', kind: 'employer', sector: 'manufacturing' },
  { words: 'Meat Processing', kind: 'employer', sector: 'manufacturing' },
  { words: 'Domestic Staff', kind: 'employer', sector: 'domestic_work' },
  { words: 'Car Wash', kind: 'employer', sector: 'other' },
  { words: 'Nail Bar', kind: 'employer', sector: 'other' },
  { words: 'Recruitment', kind: 'recruitment_agency', sector: null },
  { words: 'Staffing', kind: 'recruitment_agency', sector: null },
  { words: 'Overseas Placement', kind: 'recruitment_agency', sector: null },
  { words: 'Manpower', kind: 'recruitment_agency', sector: null },
  { words: 'Labour Supply', kind: 'labour_provider', sector: null },
  { words: 'Workforce Solutions', kind: 'labour_provider', sector: null },
  { words: 'Agri Labour', kind: 'labour_provider', sector: 'agriculture' },
  { words: 'Lettings', kind: 'landlord', sector: null },
  { words: 'Property Management', kind: 'landlord', sector: null },
  { words: 'Worker Housing', kind: 'landlord', sector: null },
];

// ---------------------------------------------------------------- case content

const sectorWeights: Record<Sector, number> = { care: 16, domestic_work: 9, hospitality: 16, cleaning: 13, agriculture: 12, construction: 12, delivery_logistics: 10, manufacturing: 8, other: 4 };
const typeWeights: Record<CaseType, number> = {
  wage_theft: 30, minimum_wage: 14, holiday_sick_pay: 12, overtime_working_time: 9, unlawful_deductions: 12, recruitment_fees: 8, passport_withheld: 4, misclassification: 5,
  sponsorship_loss: 5, visa_tie_abuse: 4, deferred_action: 2, unsafe_accommodation: 6, health_safety: 6, harassment_discrimination: 5, forced_labour: 2,
  dismissal_retaliation: 7, social_security: 5, return_reintegration: 1, skills_recognition: 2, information_only: 8,
};
const statusWeights: Record<CaseStatus, number> = { intake: 5, open: 22, awaiting_outcome: 12, closure_requested: 3, closed: 58 };
const priorityWeights: Record<Priority, number> = { low: 14, normal: 58, high: 22, urgent: 6 };
const outcomeWeights: Record<Outcome, number> = { resolved_paid_in_full: 14, resolved_paid_in_part: 16, settled: 10, won_at_tribunal: 5, lost: 5, referred_on: 14, withdrawn_by_worker: 8, lost_contact: 13, advice_given: 15 };
const immigrationWeights = { national: 3, eu_mobile: 14, work_visa_tied: 22, other_visa: 12, asylum_seeker: 6, refugee: 5, undocumented: 24, unknown: 14 };
const safetyFlagList: SafetyFlag[] = ['do_not_call', 'do_not_text', 'employer_controls_phone', 'risk_of_retaliation', 'lives_at_employer', 'documents_held_by_employer', 'domestic_violence', 'meet_in_person_only'];

type NoteContext = { first: string; employer: string; agency: string | null; landlord: string | null; amount: string; weeks: number; lang: string };
const noteTemplates: ((c: NoteContext) => string)[] = [
  (c) => `Called ${c.first}. ${c.employer} has not paid wages for ${c.weeks} weeks; owed about ${c.amount}.`,
  (c) => `Met at the desk${c.lang === 'English' ? '' : ` with an interpreter (${c.lang})`}. Brought payslips, rota screenshots and a copy of the contract.`,
  (c) => (c.agency ? `Agency ${c.agency} charged a recruitment fee of ${c.amount}; the worker is still repaying the loan.` : `Worker paid a fee of ${c.amount} to a broker before travelling.`),
  (c) => `Sent letter before claim to ${c.employer}. Reply due within 14 days.`,
  (c) => (c.landlord ? `Accommodation let by ${c.landlord} is overcrowded: ${c.weeks} people in two rooms, rent taken from wages.` : `Lives in a caravan on site; rent deducted from wages without agreement.`),
  () => `Payslips show deductions for uniform and transport that bring pay below the minimum wage.`,
  () => `Follow-up call: no answer. Did not leave a message (safety).`,
  (c) => `Passport still held by the supervisor at ${c.employer}; worker afraid to ask for it back.`,
  (c) => `Payment of ${c.amount} received from ${c.employer} after the conciliation call.`,
  () => `Referred to an immigration adviser about the visa; appointment booked for next week.`,
  (c) => `Shift records kept by the worker: ${c.weeks * 6} hours of unpaid overtime in the last month.`,
  (c) => `${c.first} was dismissed two days after joining the union. Collecting witness statements from co-workers.`,
  (c) => `Holiday pay refused by ${c.employer}: "agency workers do not get holidays".`,
  () => `Workplace injury (back strain) while lifting; no accident book entry, told to go home unpaid.`,
];
const restrictedNotes = [
  'Disclosed an assault by the site manager; does not want it in any referral.',
  'Worker is pregnant and fears dismissal if the employer finds out.',
  'Partner is undocumented; discuss the household only in person.',
  'Reported sexual harassment by the shift supervisor; wants a female counsellor.',
  'Mentioned a debt to a moneylender in the home village; threats to family.',
  'Has a criminal conviction abroad that the employer is using as a threat.',
];
const callBodies = ['Short call to confirm the appointment.', 'Called back about the documents list.', 'Worker called: employer asked them to sign a new contract.', 'Left a voicemail for the employer’s payroll team.'];
const meetingBodies = ['Meeting at the desk to go through the timeline.', 'Outreach meeting at the community centre.', 'Meeting with the shop steward at the site.'];

const closureNotes = ['Outcome agreed with the worker.', 'Worker satisfied with the settlement; file complete.', 'Referred on; nothing more for the desk to do.', 'No contact for three months despite calls and letters.'];
/** The lifecycle move (lifecycle.ts) that leads into each status, as the case page records it. */
const moveInto = { open: 'open', awaiting_outcome: 'await_outcome', closure_requested: 'request_closure', closed: 'approve_closure' } as const;

const DAY = 86_400_000;
const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });

// ---------------------------------------------------------------- the seeder

type DeskRow = Desk & { id: number; staff: string[]; supervisors: string[]; employers: number[]; agencies: number[]; landlords: number[]; pickEmployer: () => number; pickAgency: () => number; pickLandlord: () => number };

function ensureDesks(sqlite: Database.Database, now: number): DeskRow[] {
  const findCp = sqlite.prepare<[string], { id: number }>('select id from contact_points where ref_prefix = ?');
  const insertCp = sqlite.prepare(
    `insert into contact_points (name, union_name, country, city, address, email, phone, languages, services, timezone, ref_prefix, active, created_at)
     values (?, ?, ?, ?, '', ?, '', ?, ?, ?, ?, 1, ?)`,
  );
  const staffOf = sqlite.prepare<[number], { id: string; role: string }>(
    `select u.id, u.role from users u join user_contact_points ucp on ucp.user_id = u.id where ucp.contact_point_id = ? and u.role in ('counsellor', 'supervisor') order by u.email`,
  );
  const findUser = sqlite.prepare<[string], { id: string }>('select id from users where email = ?');
  // Synthetic colleagues have no password: they can be assigned cases but cannot sign in.
  const insertUser = sqlite.prepare(`insert into users (id, email, display_name, role, locale, languages, active, created_at) values (?, ?, ?, ?, 'en', ?, 1, ?)`);
  const linkUser = sqlite.prepare('insert or ignore into user_contact_points (user_id, contact_point_id) values (?, ?)');
  const colleagueNames: Record<string, string[]> = {
    LDN: ['Sam Whitfield', 'Joanna Mazur', 'Rui Almeida', 'Ngozi Adeyemi', 'Dev Patel'],
    CHI: ['Carmen Ruiz', 'Marek Nowicki', 'Tanya Brooks', 'Héctor Salgado', 'Mai Tran'],
    MAD: ['Lucía Moreno', 'Ionuț Barbu', 'Amina El Idrissi', 'Javier Ortega', 'Fatou Camara'],
    DUB: ['Siobhán Kelly', 'Tomasz Wróbel', 'Aoife Byrne', 'Priscila Costa', 'Liam Doyle'],
    TOR: ['Gurleen Sandhu', 'Rosa Villanueva', 'Kwame Boateng', 'Olivia Chen', 'Diego Castillo'],
  };
  // The demo desks have their supervisors; the others get one, who approves their closures.
  const supervisorNames: Record<string, string> = { MAD: 'Pilar Navarro', DUB: 'Declan Murphy', TOR: 'Nadia Haddad' };
  const ensureUser = (email: string, name: string, role: 'counsellor' | 'supervisor', cpId: number) => {
    const userId = findUser.get(email)?.id ?? randomUUID();
    if (!findUser.get(email)) insertUser.run(userId, email, name, role, JSON.stringify(['en']), now);
    linkUser.run(userId, cpId);
  };

  return desks.map((desk) => {
    const id =
      findCp.get(desk.prefix)?.id ??
      Number(
        insertCp.run(desk.name, desk.union, desk.country, desk.city, `desk.${desk.prefix.toLowerCase()}@bulk.test`, JSON.stringify(desk.languages), JSON.stringify(['employment advice', 'wage claims']), desk.timezone, desk.prefix, now)
          .lastInsertRowid,
      );
    (colleagueNames[desk.prefix] ?? []).forEach((name, i) => ensureUser(`counsellor${i + 1}.${desk.prefix.toLowerCase()}@bulk.test`, name, 'counsellor', id));
    const supervisorName = supervisorNames[desk.prefix];
    if (supervisorName) ensureUser(`supervisor.${desk.prefix.toLowerCase()}@bulk.test`, supervisorName, 'supervisor', id);
    const team = staffOf.all(id);
    const staff = team.map((u) => u.id);
    const supervisors = team.filter((u) => u.role === 'supervisor').map((u) => u.id);
    return { ...desk, id, staff, supervisors: supervisors.length ? supervisors : staff, employers: [], agencies: [], landlords: [], pickEmployer: () => 0, pickAgency: () => 0, pickLandlord: () => 0 };
  });
}

const kindOfParty = new Map<number, PartyKind>();

function makeParties(sqlite: Database.Database, rows: DeskRow[], totalCases: number, now: number) {
  const insert = sqlite.prepare('insert into parties (name, name_key, kind, country, sector, registration_number, address, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)');
  const existing = sqlite.prepare<[string], { id: number; name: string; kind: PartyKind }>('select id, name, kind from parties where country = ? order by id');
  const poolOf = (desk: DeskRow, kind: PartyKind) => (kind === 'employer' ? desk.employers : kind === 'landlord' ? desk.landlords : desk.agencies);
  const seen = new Set<string>();
  let created = 0;
  for (const desk of rows) {
    // Parties already in the database (the demo's, an earlier run's) come back in new cases: a second run adds to them.
    for (const party of existing.all(desk.country)) {
      seen.add(party.name);
      poolOf(desk, party.kind).push(party.id);
      kindOfParty.set(party.id, party.kind);
    }
    const count = Math.max(60, Math.round((totalCases * desk.share) / 5));
    for (let i = 0; i < count; i++) {
      let name = '';
      let trade = pick(trades);
      for (let attempt = 0; attempt < 20 && (!name || seen.has(name)); attempt++) {
        trade = pick(trades);
        const town = attempt > 2 || chance(0.5) ? ` (${pick(desk.towns)})` : '';
        name = `${pick(brandWords)} ${trade.words}${town} ${pick(desk.companySuffixes)}`;
        if (attempt > 10) name = `${pick(brandWords)} ${pick(brandWords)} ${trade.words} ${pick(desk.companySuffixes)}`;
      }
      if (seen.has(name)) continue;
      seen.add(name);
      created++;
      const partyId = Number(
        insert.run(name, partyNameKey(name), trade.kind, desk.country, trade.sector, chance(0.6) ? String(int(1_000_000, 99_999_999)) : null, `${int(1, 400)} Industrial Road, ${pick(desk.towns)}`, now).lastInsertRowid,
      );
      poolOf(desk, trade.kind).push(partyId);
      kindOfParty.set(partyId, trade.kind);
    }
    const pickFrom = (pool: number[], offset?: number) => {
      const rank = zipf(pool.length, offset);
      return () => pool[rank()]!;
    };
    desk.pickEmployer = pickFrom(desk.employers);
    // Agencies concentrate more than employers: a few recruit for many workplaces.
    desk.pickAgency = pickFrom(desk.agencies, 6);
    desk.pickLandlord = pickFrom(desk.landlords);
  }
  return created;
}

/** The year of an instant in a time zone; one formatter per zone (constructing them is the slow part). */
const yearFormatters = new Map<string, Intl.DateTimeFormat>();
function yearIn(timeZone: string, at: number): number {
  let f = yearFormatters.get(timeZone);
  if (!f) yearFormatters.set(timeZone, (f = new Intl.DateTimeFormat('en-GB', { year: 'numeric', timeZone })));
  return Number(f.format(at));
}

function personName(origin: Origin): string {
  const first = pick(origin.first);
  const last = pick(origin.last);
  return origin.familyFirst ? (/[\u4e00-\u9fff]/u.test(last + first) ? `${last}${first}` : `${last} ${first}`) : `${first} ${last}`;
}

function phoneFor(origin: Origin, desk: Desk): string {
  const local = chance(0.7);
  const dial = local ? desk.dial : origin.dial;
  return `+${dial} ${int(700, 799)} ${int(100, 999)} ${int(1000, 9999)}`;
}

export async function seedBulk(opts: { cases: number; databasePath: string; seed: number; log?: (line: string) => void }) {
  const log = opts.log ?? (() => {});
  const started = performance.now();
  random = mulberry32(opts.seed);
  const db = openDatabase(opts.databasePath);
  migrateDatabase(db);
  // Demo logins (counsellor@demo.test …) work on a bulk database too.
  await seedDemo(db);
  const sqlite = db.$client;
  // A throwaway synthetic database: no need to wait for the disk on every commit of this one connection.
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -262144');

  const now = Date.now();
  const rows = await write(db, () => ensureDesks(sqlite, now));
  const partyCount = await write(db, () => makeParties(sqlite, rows, opts.cases, now));
  log(`contact points: ${rows.map((d) => d.prefix).join(', ')}; new parties: ${partyCount}`);

  // Decide every case's desk and opening time first, so references can be numbered in the order cases were opened.
  const shareSum = rows.reduce((s, d) => s + d.share, 0);
  const plan: { desk: DeskRow; openedAt: number }[] = [];
  for (let i = 0; i < opts.cases; i++) {
    let r = random() * shareSum;
    const desk = rows.find((d) => (r -= d.share) < 0) ?? rows[0]!;
    // Four years of history, busier recently.
    plan.push({ desk, openedAt: now - Math.floor(Math.pow(random(), 1.6) * 4 * 365 * DAY) - int(0, DAY) });
  }
  plan.sort((a, b) => a.openedAt - b.openedAt);

  const sequences = new Map<string, number>();
  for (const s of sqlite.prepare<[], { contact_point_id: number; year: number; last_number: number }>('select * from case_sequences').all())
    sequences.set(`${s.contact_point_id}:${s.year}`, s.last_number);

  const stmt = {
    person: sqlite.prepare(
      `insert into people (contact_point_id, name, alias, preferred_language, interpreter_needed, phone, phone_digits, nationality, gender, birth_year, immigration_status, visa_type, visa_expiry, union_name, union_number, union_since, safety_flags, safety_note, created_at, created_by, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    consent: sqlite.prepare('insert into consents (person_id, given_on, recorded_by, scopes, created_at) values (?, ?, ?, ?, ?)'),
    kase: sqlite.prepare(
      `insert into cases (reference, contact_point_id, person_id, assigned_to, sector, jurisdiction_country, status, priority, summary, amount_claimed_minor, amount_recovered_minor, currency, outcome, gcm_objectives, opened_at, closed_at, last_activity_at, created_by)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    caseType: sqlite.prepare('insert or ignore into case_types (case_id, case_type) values (?, ?)'),
    caseParty: sqlite.prepare('insert or ignore into case_parties (case_id, party_id, role) values (?, ?, ?)'),
    event: sqlite.prepare('insert into case_events (case_id, at, user_id, kind, restricted, body, data) values (?, ?, ?, ?, ?, ?, ?)'),
    search: sqlite.prepare('insert into case_search (rowid, reference, people, parties, notes, summary, contacts) values (?, ?, ?, ?, ?, ?, ?)'),
    partyName: sqlite.prepare<[number], { name: string }>('select name from parties where id = ?'),
    sequence: sqlite.prepare(
      'insert into case_sequences (contact_point_id, year, last_number) values (?, ?, ?) on conflict (contact_point_id, year) do update set last_number = max(last_number, excluded.last_number)',
    ),
  };
  const partyNames = new Map<number, string>();
  const nameOfParty = (id: number) => {
    let name = partyNames.get(id);
    if (name === undefined) partyNames.set(id, (name = stmt.partyName.get(id)!.name));
    return name;
  };

  // A person returns with a new problem now and then: keep a few recent people per desk to reuse.
  const recentPeople = new Map<number, { id: number; name: string | null; alias: string | null; first: string; lang: string }[]>();
  let events = 0;
  let peopleCount = 0;

  const writeCase = (desk: DeskRow, openedAt: number) => {
    const creator = pick(desk.staff);
    const status = weighted(statusWeights);
    const types = new Set<CaseType>([weighted(typeWeights)]);
    // "Information and advice only" is a case type of its own, never combined with others.
    while (!types.has('information_only') && chance(0.35) && types.size < 4) {
      const more = weighted(typeWeights);
      if (more !== 'information_only') types.add(more);
    }
    const infoOnly = types.has('information_only');

    // The person (none for an anonymous information-and-advice contact).
    let person: { id: number; name: string | null; alias: string | null; phone?: string | null; first: string; lang: string } | null = null;
    const reuse = recentPeople.get(desk.id) ?? [];
    if (infoOnly && chance(0.4)) person = null;
    else if (reuse.length > 20 && chance(0.12)) person = pick(reuse);
    else {
      const origin = pick(originsByCode.get(pick(desk.nationalities))!);
      const legal = personName(origin);
      const shape = random();
      const name = shape < 0.22 ? null : legal;
      const alias = shape < 0.22 || shape > 0.85 ? pick(aliases) : null;
      const flags = chance(0.1) ? [...new Set([pick(safetyFlagList), ...(chance(0.3) ? [pick(safetyFlagList)] : [])])] : [];
      const phone = chance(0.85) ? phoneFor(origin, desk) : null;
      const immigration = weighted(immigrationWeights);
      const id = Number(
        stmt.person.run(
          desk.id, name, alias, origin.lang, chance(0.4) ? 1 : 0, phone, phoneDigits(phone), origin.code, chance(0.9) ? pick(['woman', 'man', 'woman', 'man', 'non_binary']) : null, chance(0.7) ? int(1960, 2006) : null,
          immigration, immigration === 'work_visa_tied' ? pick(desk.visas) : null, immigration === 'work_visa_tied' || immigration === 'other_visa' ? new Date(now + int(-200, 900) * DAY).toISOString().slice(0, 10) : null,
          chance(0.25) ? desk.union : null, null, null, JSON.stringify(flags), flags.length && chance(0.5) ? 'Ask for the worker by first name only.' : null, openedAt, creator, openedAt,
        ).lastInsertRowid,
      );
      stmt.consent.run(id, new Date(openedAt).toISOString().slice(0, 10), creator, JSON.stringify(chance(0.8) ? ['store', 'share_with_partners', 'anonymised_statistics'] : ['store']), openedAt);
      person = { id, name, alias, phone, first: (name ?? alias ?? '').split(' ')[0]!, lang: origin.lang };
      peopleCount++;
      reuse.push(person);
      if (reuse.length > 200) reuse.shift();
      recentPeople.set(desk.id, reuse);
    }

    // Parties: an employer nearly always, often an agency, sometimes a landlord.
    const caseParties: [number, PartyKind][] = [];
    if (!infoOnly || chance(0.3)) caseParties.push([desk.pickEmployer(), 'employer']);
    if (chance(0.4)) {
      const agency = desk.pickAgency();
      caseParties.push([agency, kindOfParty.get(agency)!]);
    }
    if (types.has('unsafe_accommodation') || chance(0.1)) caseParties.push([desk.pickLandlord(), 'landlord']);

    const year = yearIn(desk.timezone, openedAt);
    const key = `${desk.id}:${year}`;
    const n = (sequences.get(key) ?? 0) + 1;
    sequences.set(key, n);
    const reference = formatReference(desk.prefix, year, n);

    // The timeline, from intake to the case's current status.
    const closed = status === 'closed';
    // A closed case closed some time after opening (advice-only contacts within days); an active one was touched
    // in the last months, mostly recently. Every event lies between the opening and now.
    const age = now - openedAt;
    const wantedEnd = closed
      ? openedAt + Math.min(infoOnly ? int(1, 72) * 3600_000 : int(7, 540) * DAY, Math.floor(random() * age))
      : now - Math.floor(Math.pow(random(), 1.3) * Math.min(age, 120 * DAY));
    const endAt = Math.max(openedAt, Math.min(wantedEnd, now));
    const assignee = status === 'intake' && chance(0.5) ? null : chance(0.08) ? null : pick(desk.staff);
    const amountMinor = types.has('information_only') ? null : int(20, 800) * 1000;
    const ctx: NoteContext = {
      first: person?.first || 'the worker',
      employer: caseParties.find(([, r]) => r === 'employer') ? nameOfParty(caseParties.find(([, r]) => r === 'employer')![0]) : 'the employer',
      agency: caseParties.find(([, r]) => r === 'recruitment_agency' || r === 'labour_provider') ? nameOfParty(caseParties.find(([, r]) => r === 'recruitment_agency' || r === 'labour_provider')![0]) : null,
      landlord: caseParties.find(([, r]) => r === 'landlord') ? nameOfParty(caseParties.find(([, r]) => r === 'landlord')![0]) : null,
      amount: `${desk.currency} ${(amountMinor ?? int(200, 3000) * 100) / 100}`,
      weeks: int(2, 14),
      lang: languageNames.of(person?.lang ?? 'en') ?? 'English',
    };
    type Ev = { at: number; userId: string; kind: string; restricted: boolean; body: string | null; data: Record<string, unknown> | null };
    const timeline: Ev[] = [{ at: openedAt, userId: creator, kind: 'status_change', restricted: false, body: null, data: { to: 'intake' } }];
    const transitions: CaseStatus[] = { intake: [], open: ['open'], awaiting_outcome: ['open', 'awaiting_outcome'], closure_requested: ['open', 'closure_requested'], closed: ['open', 'closure_requested', 'closed'] }[status] as CaseStatus[];
    const middle = Math.max(0, int(2, 10) - 1 - transitions.length - (assignee ? 1 : 0));
    const between = () => openedAt + Math.floor(random() * (endAt - openedAt));
    if (assignee) timeline.push({ at: Math.min(endAt, openedAt + int(60_000, 2 * DAY)), userId: creator, kind: 'assignment', restricted: false, body: null, data: { from: null, to: assignee } });
    for (let i = 0; i < middle; i++) {
      const kind = weighted({ note: 6, call: 2, meeting: 1 });
      const restricted = kind === 'note' && chance(0.08);
      const body = restricted ? pick(restrictedNotes) : kind === 'note' ? pick(noteTemplates)(ctx) : kind === 'call' ? pick(callBodies) : pick(meetingBodies);
      timeline.push({ at: between(), userId: assignee ?? creator, kind, restricted, body, data: null });
    }
    const outcome = status === 'closure_requested' || closed ? weighted(outcomeWeights) : null;
    let previous: CaseStatus = 'intake';
    let previousAt = openedAt;
    transitions.forEach((to, i) => {
      const wanted = to === 'open' ? openedAt + int(60_000, 3 * DAY) : endAt - (transitions.length - 1 - i) * int(DAY, 5 * DAY);
      // Status changes keep their order: open, then awaiting outcome or closure requested, then closed.
      const at = (previousAt = Math.max(previousAt, Math.min(wanted, endAt)));
      const move = moveInto[to as keyof typeof moveInto];
      const data = to === 'closure_requested' ? { from: previous, to, move, outcome } : { from: previous, to, move };
      // A closure request carries the counsellor's note; a supervisor of the desk approves it.
      const body = to === 'closure_requested' ? pick(closureNotes) : null;
      timeline.push({ at, userId: to === 'closed' ? pick(desk.supervisors) : (assignee ?? creator), kind: 'status_change', restricted: false, body, data });
      previous = to;
    });
    timeline.sort((a, b) => a.at - b.at);
    const lastActivityAt = Math.max(...timeline.map((e) => e.at));

    const sector = infoOnly && chance(0.5) ? null : weighted(sectorWeights);
    const summary = `${[...types][0]!.replaceAll('_', ' ')}: ${ctx.employer}`;
    const caseId = Number(
      stmt.kase.run(
        reference, desk.id, person?.id ?? null, assignee, sector, desk.country, status, weighted(priorityWeights), summary,
        amountMinor, closed && amountMinor && chance(0.5) ? Math.floor(amountMinor * random()) : null, amountMinor ? desk.currency : null, closed ? outcome : null,
        JSON.stringify(types.has('recruitment_fees') ? ['gcm6_fair_recruitment'] : []), openedAt, closed ? lastActivityAt : null, lastActivityAt, creator,
      ).lastInsertRowid,
    );
    for (const t of types) stmt.caseType.run(caseId, t);
    for (const [partyId, role] of caseParties) stmt.caseParty.run(caseId, partyId, role);
    for (const e of timeline) stmt.event.run(caseId, e.at, e.userId, e.kind, e.restricted ? 1 : 0, e.body, e.data ? JSON.stringify(e.data) : null);
    events += timeline.length;
    // The same row as refreshSearchRow builds: restricted notes never reach the index.
    const row = searchRow({
      names: [person?.name, person?.alias],
      parties: [...new Set(caseParties.map(([id]) => id))].map(nameOfParty),
      notes: timeline.filter((e) => !e.restricted).map((e) => e.body ?? null),
      summary,
      phone: person?.phone,
    });
    stmt.search.run(caseId, reference, row.people, row.parties, row.notes, row.summary, row.contacts);
  };

  const firstCaseId = (sqlite.prepare('select coalesce(max(id), 0) + 1 n from cases').get() as { n: number }).n;
  // Bounded chunks, and a pause after each that is longer than a waiting writer's retry delay: a server running on
  // the same file gets its writes in between, instead of waiting out the whole import (DESIGN §4). A chunk that
  // finds the lock taken waits for it (write.ts); it has then run nothing, so the in-memory counters stay right.
  let done = 0;
  let logged = 0;
  while (done < plan.length) {
    done = await write(db, () => {
      const chunkStarted = performance.now();
      let i = done;
      while (i < plan.length && performance.now() - chunkStarted < CHUNK_MS) {
        writeCase(plan[i]!.desk, plan[i]!.openedAt);
        i += 1;
      }
      return i;
    });
    if (done - logged >= 20_000 || done === plan.length) log(`  ${(logged = done).toLocaleString('en')} cases`);
    await sleep(MAX_RETRY_DELAY_MS + 20);
  }
  await write(db, () => {
    for (const [key, last] of sequences) {
      const [cpId, year] = key.split(':').map(Number);
      stmt.sequence.run(cpId, year, last);
    }
  });
  // Merge the FTS segments written batch by batch, and give the query planner statistics.
  await write(db, () => sqlite.exec(`insert into case_search (case_search) values ('optimize')`));
  await write(db, () => sqlite.exec('analyze'));
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
  const seconds = (performance.now() - started) / 1000;
  return { cases: opts.cases, firstCaseId, people: peopleCount, parties: partyCount, events, seconds };
}

async function main() {
  const { values } = parseArgs({ options: { cases: { type: 'string' }, database: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log(usage);
    return;
  }
  const cases = Number(values.cases ?? '100000');
  const seed = Number(values.seed ?? '42');
  if (!Number.isSafeInteger(cases) || cases < 1 || cases > 5_000_000 || !Number.isSafeInteger(seed)) {
    console.error(usage);
    process.exit(1);
  }
  const config = loadConfig(process.env, { needsTotpKey: false });
  if (config.env === 'production') {
    console.error('seed:bulk refuses to run with NODE_ENV=production: it fills the database with invented people.');
    process.exit(1);
  }
  const databasePath = values.database ?? config.databasePath;
  console.log(`Seeding ${cases.toLocaleString('en')} cases into ${databasePath} …`);
  const result = await seedBulk({ cases, databasePath, seed, log: (line) => console.log(line) });
  console.log(
    `Done: ${result.cases.toLocaleString('en')} cases, ${result.people.toLocaleString('en')} people, ${result.parties.toLocaleString('en')} new parties, ${result.events.toLocaleString('en')} timeline events in ${result.seconds.toFixed(1)} s.`,
  );
}

// Run as a command; importing the file (tests) only defines seedBulk.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : `Error: ${(error as Error).message}`);
    process.exit(1);
  });
}
