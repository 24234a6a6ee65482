import type { PartyKind } from '../cases/catalogue.js';
import type { DbOrTx } from '../db/client.js';
import { listPartners } from '../partners/partners.repo.js';
import type { LetterCaseFacts } from './letter-from-case.js';
import { addressLines } from './letter-from-case.js';
import type { FillPlace } from './letter-from-case.js';
import type { FormKind, RecipientChoiceInput } from './letters.schema.js';
import { parseId } from '../shared/ids.js';

/**
 * Who a letter goes to is chosen from records, never typed: a letter before claim to one of the case's parties (at its
 * registered address), a complaint or a request for a statement of interest to a labour inspectorate of the partner
 * directory in the case's country. The record's name and address are copied into the letter when it is made, so a
 * later edit of the party or the partner changes no stored letter.
 */

/** The parties a letter before claim may be addressed to: whoever employed or placed the worker, not a landlord. */
const CLAIM_ROLES: readonly PartyKind[] = ['employer', 'labour_provider', 'recruitment_agency'];

export interface RecipientOption {
  id: number;
  name: string;
  addressLines: string[];
  /** The role of a party in the case. */
  role?: PartyKind;
  /** The city of a partner. */
  city?: string;
  /** The partner's contact ("For the attention of …") when the counsellor names nobody. */
  attention?: string;
  /** Where a party's missing address is added. */
  editHref?: string;
}

export interface RecipientChoice {
  /** The form field that carries the chosen id. */
  field: 'employerPartyId' | 'recipientPartnerId';
  source: 'party' | 'partner';
  options: RecipientOption[];
  /**
   * The typed "other recipient" of a complaint or request: only when the directory holds no inspectorate of the
   * country with an address, so that nobody types an address the directory has.
   */
  typedFallback: boolean;
  /** ISO 3166-1 of the case's jurisdiction: parties and partners of another country are not offered. */
  country: string;
}

export function recipientChoice(db: DbOrTx, kind: FormKind, facts: LetterCaseFacts): RecipientChoice | null {
  const country = facts.kase.jurisdictionCountry.toUpperCase();
  switch (kind) {
    case 'letter_before_claim': {
      const rank = (role: PartyKind) => CLAIM_ROLES.indexOf(role);
      const options = facts.parties
        .filter((p) => CLAIM_ROLES.includes(p.role) && (!p.country || p.country.toUpperCase() === country))
        .sort((a, b) => rank(a.role) - rank(b.role))
        .map((p) => ({ id: p.id, name: p.name, addressLines: addressLines(p.address), role: p.role, editHref: `/parties/${p.id}/edit` }));
      return { field: 'employerPartyId', source: 'party', options, typedFallback: false, country };
    }
    case 'inspectorate_complaint':
    case 'statement_of_interest': {
      const options = listPartners(db, { kind: 'labour_inspectorate', country }).map((p) => ({
        id: p.id,
        name: p.name,
        addressLines: addressLines(p.address),
        city: p.city || undefined,
        attention: p.contactName.trim() || undefined,
      }));
      return { field: 'recipientPartnerId', source: 'partner', options, typedFallback: !options.some((o) => o.addressLines.length > 0), country };
    }
    default:
      return null;
  }
}

/** The one option to start with: when a single record can receive the letter, it is chosen already. */
export function preselected(choice: RecipientChoice | null): Record<string, string> {
  const usable = choice?.options.filter((o) => choice.source === 'party' || o.addressLines.length > 0) ?? [];
  return choice && usable.length === 1 ? { [choice.field]: String(usable[0]!.id) } : {};
}

export type Chosen =
  | { ok: true; fields: Record<string, string>; partyId?: number; partnerId?: number }
  | { ok: false; field: string; error: string };

/**
 * The recipient block from the chosen record, as the form fields the letter is made from. An id that is not among the
 * options (another case's party, another country's inspectorate, an inactive partner) is refused, never looked up.
 */
export function chooseRecipient(choice: RecipientChoice | null, posted: RecipientChoiceInput, typedAttention: string): Chosen {
  if (!choice) return { ok: true, fields: {} };
  const id = posted[choice.field];
  const { field } = choice;
  if (id === undefined) {
    if (choice.typedFallback) return { ok: true, fields: {} };
    // A case without an employer of its own: nothing is typed in its place (the letter lists it as missing).
    if (choice.source === 'party' && choice.options.length === 0) return { ok: true, fields: { employerName: '', employerAddress: '' } };
    return { ok: false, field, error: choice.source === 'party' ? 'letters.validation.chooseParty' : 'letters.validation.choosePartner' };
  }
  const option = choice.options.find((o) => o.id === id);
  if (!option) return { ok: false, field, error: 'letters.validation.recipientNotOffered' };
  const address = option.addressLines.join('\n');
  // A party without a registered address may be chosen: the letter then lists the address as missing, with the link
  // to the party's record, together with whatever else it lacks.
  if (choice.source === 'party') return { ok: true, fields: { employerName: option.name, employerAddress: address }, partyId: option.id };
  if (option.addressLines.length === 0) return { ok: false, field, error: 'letters.validation.partnerNoAddress' };
  return {
    ok: true,
    fields: { recipientName: option.name, recipientAddress: address, recipientAttention: typedAttention.trim() || option.attention || '' },
    partnerId: option.id,
  };
}

/**
 * Where a missing fact of the chosen recipient is completed: a party's name or address on the party's record (or, with
 * no party at all, by linking one to the case), a partner's at the choice; never at a field the form no longer has.
 */
export function placeForChoice(place: FillPlace, field: string, choice: RecipientChoice | null, chosenId: unknown, caseId: number): FillPlace {
  if (!choice) return place;
  if (choice.source === 'party' && field.startsWith('employer.')) {
    const id = parseId(chosenId);
    const option = choice.options.find((o) => o.id === id);
    return option ? { href: `/parties/${option.id}/edit`, hrefKey: 'letters.recipients.missingOnParty' } : { href: `/cases/${caseId}/parties/new`, hrefKey: 'letters.recipients.missingNoParty' };
  }
  if (choice.source === 'partner' && !choice.typedFallback && field.startsWith('recipient.')) return { anchor: choice.field };
  return place;
}
