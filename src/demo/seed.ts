import { randomUUID } from 'node:crypto';
import { seedDemoCollective } from './collective-seed.js';
import { count } from 'drizzle-orm';
import { hashPassword } from '../auth/passwords.js';
import { contactPoints } from '../contact-points/contact-points.table.js';
import type { Db } from '../db/client.js';
import { write } from '../db/write.js';
import { seedDemoActivity } from './activity-seed.js';
import { seedDemoCases } from './cases-seed.js';
import { userContactPoints, users, type Role } from '../users/users.table.js';
import { seedDemoPartners } from './partners-seed.js';

export const DEMO_PASSWORD = 'demo-password';

export const demoLogins: { email: string; displayName: string; role: Role; cps: string[]; languages: string[] }[] = [
  { email: 'counsellor@demo.test', displayName: 'Amira Haddad', role: 'counsellor', cps: ['LDN'], languages: ['en', 'ar', 'fr'] },
  { email: 'counsellor2@demo.test', displayName: 'Luis Ortega', role: 'counsellor', cps: ['CHI'], languages: ['en', 'es'] },
  { email: 'supervisor@demo.test', displayName: 'Grace Okafor', role: 'supervisor', cps: ['LDN'], languages: ['en', 'yo'] },
  { email: 'supervisor2@demo.test', displayName: 'Marisol Vega', role: 'supervisor', cps: ['CHI'], languages: ['en', 'es'] },
  { email: 'admin@demo.test', displayName: 'Tom Becker', role: 'admin', cps: [], languages: ['en', 'de'] },
  { email: 'coordinator@demo.test', displayName: 'Ewa Nowak', role: 'coordinator', cps: [], languages: ['en', 'pl'] },
];

/** Fills an empty database with the demo desks, logins, partners and (unless told not to) cases; does nothing when it already has users. */
export async function seedDemo(db: Db, now = Date.now(), opts: { cases?: boolean } = {}): Promise<boolean> {
  const [row] = db.select({ n: count() }).from(users).all();
  if (row && row.n > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await write(db, (tx) => {
    const ldn = tx
      .insert(contactPoints)
      .values({
        name: 'London Migrant Workers Desk',
        unionName: 'Workers Union UK',
        country: 'GB',
        city: 'London',
        address: '128 Theobalds Road, London WC1X 8TN',
        email: 'desk.london@workersunion.example',
        phone: '+44 20 7946 0000',
        languages: ['en', 'pl', 'ro', 'pt', 'ar', 'tl'],
        services: ['employment advice', 'wage claims', 'referral to immigration advice', 'interpreting'],
        timezone: 'Europe/London',
        region: 'GB-ENG',
        refPrefix: 'LDN',
        createdAt: now,
      })
      .returning()
      .get();
    const chi = tx
      .insert(contactPoints)
      .values({
        name: 'Chicago Worker Center',
        unionName: 'Midwest Workers Federation',
        country: 'US',
        city: 'Chicago',
        address: '1800 S Blue Island Ave, Chicago, IL 60608',
        email: 'intake@midwestworkers.example',
        phone: '+1 312 555 0100',
        languages: ['en', 'es', 'pl', 'tl'],
        services: ['wage theft clinic', 'deferred action support', 'OSHA complaints'],
        timezone: 'America/Chicago',
        region: 'US-IL',
        refPrefix: 'CHI',
        createdAt: now,
      })
      .returning()
      .get();
    const byPrefix: Record<string, number> = { LDN: ldn.id, CHI: chi.id };
    for (const login of demoLogins) {
      const id = randomUUID();
      tx.insert(users)
        .values({ id, email: login.email, displayName: login.displayName, role: login.role, languages: login.languages, passwordHash, passwordChangedAt: now, createdAt: now })
        .run();
      for (const cp of login.cps) tx.insert(userContactPoints).values({ userId: id, contactPointId: byPrefix[cp]! }).run();
    }
  });
  // Tests start from the desks, logins and partner directory only; the demo adds the lived-in case history.
  if (opts.cases !== false) {
    await seedDemoCases(db, now);
    await seedDemoActivity(db, now);
    await seedDemoCollective(db, now);
  }
  await write(db, (tx) => seedDemoPartners(tx, now));
  return true;
}
