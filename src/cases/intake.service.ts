import type { Db } from '../db/client.js';
import type { Person } from '../people/people.table.js';
import { createCase } from './cases.service.js';
import type { Case } from './cases.table.js';
import type { AnonymousInput, CaseInput } from './intake.schema.js';

const currencyByCountry: Record<string, string> = { GB: 'GBP', US: 'USD', AU: 'AUD', CA: 'CAD', PL: 'PLN', RO: 'RON' };
const euroCountries = new Set(['AT', 'BE', 'HR', 'CY', 'EE', 'FI', 'FR', 'DE', 'GR', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PT', 'SK', 'SI', 'ES']);

/** The currency a claim at this contact point is most likely in; the counsellor can change it. */
export function defaultCurrency(country: string): string | null {
  return currencyByCountry[country] ?? (euroCountries.has(country) ? 'EUR' : null);
}

/** Opens the case for a person at their contact point; a new case starts at "intake". */
export function createIntakeCase(db: Db, person: Person, input: CaseInput, actorId: string, clientAddress: string | null, now: number): Promise<Case> {
  const { amountClaimed, ...fields } = input;
  return createCase(
    db,
    {
      ...fields,
      contactPointId: person.contactPointId,
      personId: person.id,
      status: 'intake',
      amountClaimedMinor: amountClaimed,
    },
    actorId,
    clientAddress,
    now,
  );
}

/**
 * Logs an anonymous information-and-advice contact (no `store` consent): no person, one type, closed at once
 * with "advice given", since the advice was given during the contact and nothing remains to follow up.
 */
export function createAnonymousContact(db: Db, input: AnonymousInput, actorId: string, clientAddress: string | null, now: number): Promise<Case> {
  return createCase(
    db,
    {
      contactPointId: input.contactPointId,
      personId: null,
      assignedTo: actorId,
      caseTypes: ['information_only'],
      sector: input.sector,
      jurisdictionCountry: input.jurisdictionCountry,
      jurisdictionRegion: input.jurisdictionRegion,
      summary: input.summary,
      status: 'closed',
      outcome: 'advice_given',
      closedAt: now,
    },
    actorId,
    clientAddress,
    now,
  );
}
