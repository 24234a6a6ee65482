import { eq } from 'drizzle-orm';
import type { CaseType, ConsentScope, PartyKind } from '../../src/cases/catalogue.js';
import { createCaseIn, type NewCase } from '../../src/cases/cases.service.js';
import { linkPartyToCase, insertParty } from '../../src/parties/parties.repo.js';
import { refreshSearchRow } from '../../src/cases/cases.repo.js';
import { contactPoints } from '../../src/contact-points/contact-points.table.js';
import type { Db } from '../../src/db/client.js';
import { insertConsent, insertPerson } from '../../src/people/people.repo.js';
import { people } from '../../src/people/people.table.js';
import { users } from '../../src/users/users.table.js';
import { TEST_NOW } from './clock.js';

/** Records of the demo seed, by the handles tests use. */
export function demo(db: Db) {
  const user = (email: string) => db.select().from(users).where(eq(users.email, email)).get()!;
  const cp = (prefix: string) => db.select().from(contactPoints).where(eq(contactPoints.refPrefix, prefix)).get()!;
  return {
    ldn: cp('LDN'),
    chi: cp('CHI'),
    counsellor: user('counsellor@demo.test'),
    counsellor2: user('counsellor2@demo.test'),
    supervisor: user('supervisor@demo.test'),
    supervisor2: user('supervisor2@demo.test'),
    admin: user('admin@demo.test'),
    coordinator: user('coordinator@demo.test'),
  };
}

let n = 0;

/** A person with consent, in one line. */
export function makePerson(
  db: Db,
  over: Partial<typeof people.$inferInsert> & { contactPointId: number; recordedBy: string; scopes?: ConsentScope[] },
  now = Date.parse(TEST_NOW),
) {
  const { recordedBy, scopes = ['store', 'share_with_partners', 'anonymised_statistics'], ...fields } = over;
  n += 1;
  // Factories write synchronously, in one transaction of their own, so that a test sets up in one line.
  return db.transaction((tx) => {
    const languages = fields.languages ?? [fields.preferredLanguage ?? 'en'];
    const person = insertPerson(tx, { name: `Test Person ${n}`, preferredLanguage: 'en', createdAt: now, updatedAt: now, createdBy: recordedBy, ...fields, languages });
    insertConsent(tx, { personId: person.id, givenOn: '2026-11-01', recordedBy, scopes, createdAt: now });
    return person;
  });
}

/** A case (and, unless given, a person) at a contact point, in one line. */
export function makeCase(
  db: Db,
  over: Partial<NewCase> & { contactPointId: number; createdBy: string; parties?: { name: string; kind: PartyKind }[]; caseTypes?: CaseType[] },
  now = Date.parse(TEST_NOW),
) {
  const { createdBy, parties = [], ...fields } = over;
  const personId = fields.personId === undefined ? makePerson(db, { contactPointId: fields.contactPointId, recordedBy: createdBy }, now).id : fields.personId;
  return db.transaction((tx) => {
    const kase = createCaseIn(
      tx,
      { jurisdictionCountry: 'GB', caseTypes: ['wage_theft'], assignedTo: createdBy, status: 'open', summary: 'Unpaid wages for six weeks.', ...fields, personId },
      createdBy,
      null,
      now,
    );
    for (const p of parties) {
      const party = insertParty(tx, { name: p.name, kind: p.kind, createdAt: now, createdBy });
      linkPartyToCase(tx, kase.id, party.id, p.kind);
    }
    if (parties.length) refreshSearchRow(tx, kase.id);
    return kase;
  });
}
