import { describe, expect, it } from 'vitest';
import { composeLetter } from '../../../src/letters/letter-content.js';
import { REFERRAL_FIELDS } from '../../../src/letters/letter-snapshot.js';
import { fieldAvailability, firewallFieldsFor, referralSnapshot, sharedDetails, unshareable, type ShareFacts } from '../../../src/referrals/referral-share.js';

const facts = (over: Partial<ShareFacts> = {}): ShareFacts => ({
  person: {
    displayName: 'Olena Kovalenko',
    preferredLanguage: 'uk',
    preferredLanguageName: 'Ukrainian',
    interpreterNeeded: true,
    contact: '+44 7700 900456',
    nationality: 'Ukraine',
    gender: '',
    dateOfBirth: '1991',
    immigrationSituation: 'Work visa tied to employer',
    visaType: 'Seasonal worker',
    visaExpiry: '2027-03-31',
    unionMembership: '',
    safetyFlags: [],
  },
  caseTypes: ['Unpaid wages'],
  sector: 'Agriculture',
  summary: 'Farm deducted accommodation charges above the legal offset.',
  employer: { name: 'Green Fields Ltd', addressLines: ['Farm Lane', 'Kent'] },
  employment: { start: '2026-04-01' },
  amounts: null,
  deadlines: [],
  ...over,
});

const base = {
  generatedAt: '2026-11-20T10:00:00Z',
  contactPoint: { name: 'London Desk', union: 'Workers Union UK', country: 'GB', city: 'London', addressLines: ['1 Road'], email: 'desk@example.org', locale: 'en-GB', timezone: 'Europe/London' },
  counsellor: { name: 'Amira Haddad' },
  caseReference: 'LDN-2026-00042',
  partner: { name: 'JCWI', addressLines: ['London'] },
  reason: 'Needs immigration advice.',
  request: 'Advise on a change of employer.',
  consentDate: '2026-11-01',
};

describe('what can be shared', () => {
  it('offers only fields with something recorded', () => {
    const a = fieldAvailability(facts());
    expect(a.gender).toEqual({ available: false, why: 'notRecorded' });
    expect(a.amountsOwed).toEqual({ available: false, why: 'notRecorded' });
    expect(a.immigrationSituation).toEqual({ available: true });
  });

  it('offers nothing about the person of an anonymous case', () => {
    const a = fieldAvailability(facts({ person: null }));
    expect(a.name).toEqual({ available: false, why: 'anonymous' });
    expect(a.contact).toEqual({ available: false, why: 'anonymous' });
    expect(a.caseSummary).toEqual({ available: true });
    expect(unshareable(facts({ person: null }), ['caseSummary', 'name'])).toEqual([{ field: 'name', why: 'anonymous' }]);
  });

  it('the firewall: immigration situation, visa and nationality are held back from a labour inspectorate, from no one else', () => {
    const all = ['name', 'nationality', 'immigrationSituation', 'visa', 'caseSummary'] as const;
    expect(firewallFieldsFor('labour_inspectorate', all)).toEqual(['nationality', 'immigrationSituation', 'visa']);
    expect(firewallFieldsFor('labour_inspectorate', ['name', 'caseSummary'])).toEqual([]);
    expect(firewallFieldsFor('immigration_advice', all)).toEqual([]);
    expect(firewallFieldsFor('legal_aid', all)).toEqual([]);
  });
});

describe('the referral snapshot', () => {
  it('holds the chosen fields and nothing else', () => {
    const snap = referralSnapshot({ ...base, facts: facts(), sharedFields: ['caseSummary', 'contact'] });
    const json = JSON.stringify(snap);
    for (const absent of ['Olena', 'Work visa tied', 'Seasonal worker', 'Ukraine', 'Green Fields', '1991', 'Ukrainian']) expect(json).not.toContain(absent);
    expect(json).toContain('+44 7700 900456');
    expect(json).toContain('accommodation charges');
    expect(sharedDetails(snap, { yes: 'Yes', no: 'No', total: 'Total', since: 'since', until: 'until' })).toEqual([
      { field: 'contact', value: '+44 7700 900456' },
      { field: 'caseSummary', value: 'Farm deducted accommodation charges above the legal offset.' },
    ]);
  });

  it('makes a letter that prints the chosen details and not the others', () => {
    const letter = JSON.stringify(composeLetter('referral', referralSnapshot({ ...base, facts: facts(), sharedFields: ['caseSummary', 'visa'] })));
    expect(letter).toContain('Seasonal worker');
    expect(letter).toContain('accommodation charges');
    expect(letter).not.toContain('Olena');
    expect(letter).not.toContain('Work visa tied');
  });

  it('puts every field in the fixed order, whatever order it was ticked in', () => {
    const snap = referralSnapshot({ ...base, facts: facts(), sharedFields: [...REFERRAL_FIELDS].reverse().filter((f) => fieldAvailability(facts())[f].available) });
    const order = snap.referral!.sharedFields;
    expect(order).toEqual(REFERRAL_FIELDS.filter((f) => order.includes(f)));
  });
});
