/**
 * Catalogues of DESIGN §2. Ids are stored; labels live in the translation files (cases.json: caseTypes.*, sectors.* …).
 * The case-type ids are shared with the deadline rule catalogue.
 */
export const caseTypes = [
  'wage_theft',
  'minimum_wage',
  'holiday_sick_pay',
  'overtime_working_time',
  'unlawful_deductions',
  'recruitment_fees',
  'passport_withheld',
  'misclassification',
  'sponsorship_loss',
  'visa_tie_abuse',
  'deferred_action',
  'unsafe_accommodation',
  'health_safety',
  'harassment_discrimination',
  'forced_labour',
  'dismissal_retaliation',
  'social_security',
  'return_reintegration',
  'skills_recognition',
  'information_only',
] as const;
export type CaseType = (typeof caseTypes)[number];

export const sectors = ['care', 'domestic_work', 'hospitality', 'cleaning', 'agriculture', 'construction', 'delivery_logistics', 'manufacturing', 'other'] as const;
export type Sector = (typeof sectors)[number];

export const caseStatuses = ['intake', 'open', 'awaiting_outcome', 'closure_requested', 'closed'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const priorities = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof priorities)[number];

export const outcomes = [
  'resolved_paid_in_full',
  'resolved_paid_in_part',
  'settled',
  'won_at_tribunal',
  'lost',
  'referred_on',
  'withdrawn_by_worker',
  'lost_contact',
  'advice_given',
] as const;
export type Outcome = (typeof outcomes)[number];

/** Objectives of the Global Compact for Safe, Orderly and Regular Migration that desks tag cases with. */
export const gcmObjectives = ['gcm6_fair_recruitment', 'gcm7_reduce_vulnerabilities', 'gcm10_trafficking', 'gcm15_basic_services', 'gcm16_inclusion', 'gcm18_skills', 'gcm20_remittances', 'gcm21_return', 'gcm22_social_protection'] as const;
export type GcmObjective = (typeof gcmObjectives)[number];

export const immigrationStatuses = ['national', 'eu_mobile', 'work_visa_tied', 'other_visa', 'asylum_seeker', 'refugee', 'undocumented', 'unknown'] as const;
export type ImmigrationStatus = (typeof immigrationStatuses)[number];

export const consentScopes = ['store', 'share_with_partners', 'anonymised_statistics'] as const;
export type ConsentScope = (typeof consentScopes)[number];

export const safetyFlags = ['do_not_call', 'do_not_text', 'employer_controls_phone', 'risk_of_retaliation', 'lives_at_employer', 'documents_held_by_employer', 'domestic_violence', 'meet_in_person_only'] as const;
export type SafetyFlag = (typeof safetyFlags)[number];

export const partyKinds = ['employer', 'recruitment_agency', 'labour_provider', 'landlord'] as const;
export type PartyKind = (typeof partyKinds)[number];

export const eventKinds = ['note', 'call', 'meeting', 'status_change', 'assignment', 'field_change', 'party_change', 'deadline_change', 'referral_change', 'letter_generated', 'transfer', 'legal_hold', 'anonymised', 'collective', 'evidence_added', 'evidence_deleted', 'evidence_shared', 'evidence_unshared'] as const;
export type EventKind = (typeof eventKinds)[number];

export const currencies = ['GBP', 'USD', 'EUR', 'AUD', 'CAD', 'PLN', 'RON'] as const;

/** Why a case or person record was anonymised: its retention period ended, or the person's data was erased (GDPR art. 17). */
export const anonymisationReasons = ['retention', 'erasure'] as const;
export type AnonymisationReason = (typeof anonymisationReasons)[number];
