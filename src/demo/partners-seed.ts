import { count } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import type { PartnerInput } from '../partners/partners.schema.js';
import { partners } from '../partners/partners.table.js';

/**
 * The demo partner directory: real organisations that desks in London and Chicago refer to, with made-up
 * contact details (reserved .example addresses and drama/555 phone numbers) so that a demo never writes to them.
 */
const NOTE = 'Demo entry: the contact details are invented. Check the organisation’s own site before referring.';

type Entry = Omit<PartnerInput, 'notes' | 'active' | 'contactName' | 'city' | 'email' | 'phone' | 'address'> &
  Partial<Pick<PartnerInput, 'notes' | 'active' | 'contactName' | 'city' | 'email' | 'phone' | 'address'>>;

export const demoPartners: Entry[] = [
  // United Kingdom
  {
    name: 'JCWI – Joint Council for the Welfare of Immigrants',
    kind: 'immigration_advice',
    country: 'GB',
    city: 'London',
    languages: ['en'],
    services: ['immigration advice', 'sponsorship loss', 'visa applications', 'appeals', 'interpreting on request'],
    contactName: 'Casework referrals team',
    email: 'referrals@jcwi.example',
    phone: '+44 20 7946 0310',
    address: '1 Demo Street, London EC1V 0AA',
  },
  {
    name: 'Work Rights Centre',
    kind: 'legal_aid',
    country: 'GB',
    city: 'London',
    languages: ['en', 'ro', 'bg', 'pl', 'uk', 'es'],
    services: ['employment advice', 'eu settlement scheme', 'benefits advice'],
    contactName: 'Advice line',
    email: 'advice@workrights.example',
    phone: '+44 20 7946 0321',
    address: '2 Demo Street, London E1 0AA',
  },
  {
    name: 'Kalayaan',
    kind: 'immigration_advice',
    country: 'GB',
    city: 'London',
    languages: ['en', 'tl'],
    services: ['migrant domestic workers', 'immigration advice', 'trafficking referrals'],
    email: 'referrals@kalayaan.example',
    phone: '+44 20 7946 0332',
    address: '3 Demo Street, London W11 0AA',
  },
  {
    name: 'Gangmasters and Labour Abuse Authority (GLAA)',
    kind: 'labour_inspectorate',
    country: 'GB',
    city: 'Nottingham',
    languages: ['en'],
    services: ['labour exploitation reports', 'labour provider licensing', 'forced labour'],
    contactName: 'Intelligence team',
    email: 'intelligence@glaa.example',
    phone: '+44 115 496 0343',
    address: '4 Demo Street, Nottingham NG1 0AA',
  },
  {
    name: 'Employment Agency Standards Inspectorate',
    kind: 'labour_inspectorate',
    country: 'GB',
    city: 'London',
    languages: ['en'],
    services: ['recruitment fees', 'agency complaints'],
    email: 'eas.complaints@eas.example',
    phone: '+44 20 7946 0354',
    address: '5 Demo Street, London SW1H 0AA',
  },
  {
    name: 'Latin American Women’s Rights Service (LAWRS)',
    kind: 'womens_crisis_centre',
    country: 'GB',
    city: 'London',
    languages: ['en', 'es', 'pt'],
    services: ['violence against women', 'employment advice', 'counselling'],
    email: 'referrals@lawrs.example',
    phone: '+44 20 7946 0365',
    address: '6 Demo Street, London N7 0AA',
  },
  {
    name: 'The Salvation Army – Modern Slavery Victim Care',
    kind: 'shelter',
    country: 'GB',
    city: 'London',
    languages: ['en', 'pl', 'ro', 'vi', 'sq'],
    services: ['safe house', 'modern slavery', 'national referral mechanism'],
    contactName: 'Referral line (24 hours)',
    email: 'victimcare@salvationarmy.example',
    phone: '+44 20 7946 0376',
  },
  {
    name: 'Doctors of the World UK',
    kind: 'health',
    country: 'GB',
    city: 'London',
    languages: ['en', 'fr', 'ar', 'ro', 'pt'],
    services: ['clinic for excluded migrants', 'gp registration'],
    email: 'clinic@doctorsoftheworld.example',
    phone: '+44 20 7946 0387',
    address: '7 Demo Street, London E14 0AA',
  },
  {
    name: 'Migrant Workers Advice Line (closed)',
    kind: 'legal_aid',
    country: 'GB',
    city: 'Manchester',
    languages: ['en', 'pl'],
    services: ['employment advice'],
    email: 'advice@closed.example',
    notes: 'Closed in 2025; kept for the referrals made to it.',
    active: false,
  },
  // United States (Illinois)
  {
    name: 'National Immigrant Justice Center',
    kind: 'immigration_advice',
    country: 'US',
    city: 'Chicago',
    languages: ['en', 'es'],
    services: ['immigration legal services', 'deferred action', 'u and t visas', 'asylum'],
    contactName: 'Intake team',
    email: 'intake@nijc.example',
    phone: '+1 312 555 0111',
    address: '10 Demo Plaza, Chicago, IL 60604',
  },
  {
    name: 'Legal Aid Chicago',
    kind: 'legal_aid',
    country: 'US',
    city: 'Chicago',
    languages: ['en', 'es', 'pl'],
    services: ['employment law', 'wage claims', 'housing'],
    email: 'workers@legalaidchicago.example',
    phone: '+1 312 555 0122',
    address: '11 Demo Plaza, Chicago, IL 60603',
  },
  {
    name: 'Illinois Department of Labor',
    kind: 'labour_inspectorate',
    country: 'US',
    city: 'Chicago',
    languages: ['en', 'es', 'pl'],
    services: ['wage claims', 'minimum wage', 'day and temporary labor'],
    email: 'wageclaims@idol.example',
    phone: '+1 312 555 0133',
    address: '12 Demo Plaza, Chicago, IL 60601',
  },
  {
    name: 'U.S. Department of Labor – Wage and Hour Division, Chicago District Office',
    kind: 'labour_inspectorate',
    country: 'US',
    city: 'Chicago',
    languages: ['en', 'es'],
    services: ['flsa complaints', 'statements of interest', 'deferred action'],
    email: 'whd.chicago@dol.example',
    phone: '+1 312 555 0144',
    address: '13 Demo Plaza, Chicago, IL 60604',
  },
  {
    name: 'OSHA – Chicago North Area Office',
    kind: 'labour_inspectorate',
    country: 'US',
    city: 'Des Plaines',
    languages: ['en', 'es'],
    services: ['health and safety complaints', 'injury reports'],
    email: 'chicagonorth@osha.example',
    phone: '+1 847 555 0155',
  },
  {
    name: 'Mujeres Latinas en Acción',
    kind: 'womens_crisis_centre',
    country: 'US',
    city: 'Chicago',
    languages: ['en', 'es'],
    services: ['domestic violence', 'sexual assault', 'crisis line'],
    email: 'crisis@mujereslatinas.example',
    phone: '+1 312 555 0166',
  },
  {
    name: 'Pacific Garden Mission',
    kind: 'shelter',
    country: 'US',
    city: 'Chicago',
    languages: ['en', 'es'],
    services: ['emergency shelter', 'meals'],
    phone: '+1 312 555 0177',
    address: '14 Demo Plaza, Chicago, IL 60608',
  },
  {
    name: 'Alivio Medical Center',
    kind: 'health',
    country: 'US',
    city: 'Chicago',
    languages: ['en', 'es'],
    services: ['primary care', 'uninsured patients', 'occupational health'],
    email: 'patients@alivio.example',
    phone: '+1 773 555 0188',
  },
  // Abroad and international
  {
    name: 'NSZZ Solidarność – migrant workers desk',
    kind: 'union_abroad',
    country: 'PL',
    city: 'Gdańsk',
    languages: ['pl', 'en'],
    services: ['return and reintegration', 'union membership transfer'],
    email: 'migranci@solidarnosc.example',
    phone: '+48 58 555 0199',
  },
  {
    name: 'Frente Auténtico del Trabajo (FAT)',
    kind: 'union_abroad',
    country: 'MX',
    city: 'Ciudad de México',
    languages: ['es'],
    services: ['return and reintegration', 'recruitment abuse', 'h-2 workers'],
    email: 'migrantes@fat.example',
  },
  {
    name: 'Contratados.org (Centro de los Derechos del Migrante)',
    kind: 'recruitment_complaints',
    country: 'MX',
    city: 'Ciudad de México',
    languages: ['es', 'en'],
    services: ['recruiter reviews', 'recruitment fees', 'h-2 workers'],
    email: 'contratados@cdm.example',
  },
  {
    name: 'ITUC Migrant Recruitment Advisor',
    kind: 'recruitment_complaints',
    country: 'BE',
    city: 'Brussels',
    languages: ['en', 'tl', 'ne', 'id', 'es', 'pt', 'fr'],
    services: ['recruiter reviews', 'recruitment fees', 'complaints'],
    email: 'advisor@ituc.example',
  },
];

/** Adds the demo directory to an empty partner table (run after the demo desks and logins exist). */
export function seedDemoPartners(db: Tx, now = Date.now()): void {
  const [row] = db.select({ n: count() }).from(partners).all();
  if (row && row.n > 0) return;
  for (const p of demoPartners)
    db.insert(partners)
      .values({ city: '', contactName: '', email: '', phone: '', address: '', active: true, ...p, notes: p.notes ?? NOTE, createdAt: now, updatedAt: now })
      .run();
}
