import type { CaseType } from '../cases/catalogue.js';

/**
 * How long a CLOSED case of each type is kept before its content is anonymised (src/retention), by default.
 * An administrator changes any of them on /admin/retention; a case with several types keeps the longest.
 *
 * Why there is a limit at all: GDPR art. 5(1)(e), storage limitation — personal data kept "no longer than is
 * necessary for the purposes for which [it is] processed". Many of these workers are undocumented: a file kept
 * longer than needed is a risk to them, not a service.
 *
 * Why these limits: a desk keeps a case while the worker could still bring (or face) a claim about it, so that the
 * evidence and the advice given are still there. The England and Wales periods are used as the baseline (the
 * network's first desks): Limitation Act 1980 s.2 (tort) and s.5 (simple contract) give SIX YEARS; a personal-injury
 * claim three years from the date of knowledge (s.11, s.14), which can start late, so six years covers it too.
 * Employment-tribunal time limits are far shorter (three months less a day, extended by ACAS early conciliation),
 * but the same facts can found a contract or civil claim with the longer limit, so the longer one is kept.
 * Desks elsewhere should check their own law and change the settings, e.g. in Illinois a written-contract wage
 * claim (Wage Payment and Collection Act) can be brought within ten years (735 ILCS 5/13-206): a Chicago desk
 * wants 120 months for the wage types. Advice-only contacts and referrals with no claim of the desk's own are kept
 * shorter: long enough to recognise a returning worker and to answer a complaint about the advice.
 *
 * Periods are whole months from the day the case was closed (a case closed on 24 November 2026 and kept 72 months
 * is anonymised from 24 November 2032). A case on legal hold is never anonymised, whatever this says.
 */
/** `why`: the translation key of the reason for the default (retentionWhy.*, the laws cited as their jurisdiction names them). */
export type RetentionDefault = { months: number; why: string };

const SIX_YEARS = 72;
const period = (months: number, caseType: CaseType): RetentionDefault => ({ months, why: `retentionWhy.${caseType}` });

export const retentionDefaults: Record<CaseType, RetentionDefault> = {
  wage_theft: period(SIX_YEARS, 'wage_theft'),
  minimum_wage: period(SIX_YEARS, 'minimum_wage'),
  holiday_sick_pay: period(SIX_YEARS, 'holiday_sick_pay'),
  overtime_working_time: period(SIX_YEARS, 'overtime_working_time'),
  unlawful_deductions: period(SIX_YEARS, 'unlawful_deductions'),
  recruitment_fees: period(SIX_YEARS, 'recruitment_fees'),
  passport_withheld: period(SIX_YEARS, 'passport_withheld'),
  misclassification: period(SIX_YEARS, 'misclassification'),
  sponsorship_loss: period(SIX_YEARS, 'sponsorship_loss'),
  visa_tie_abuse: period(SIX_YEARS, 'visa_tie_abuse'),
  deferred_action: period(SIX_YEARS, 'deferred_action'),
  unsafe_accommodation: period(SIX_YEARS, 'unsafe_accommodation'),
  health_safety: period(SIX_YEARS, 'health_safety'),
  harassment_discrimination: period(SIX_YEARS, 'harassment_discrimination'),
  forced_labour: period(SIX_YEARS, 'forced_labour'),
  dismissal_retaliation: period(SIX_YEARS, 'dismissal_retaliation'),
  social_security: period(24, 'social_security'),
  return_reintegration: period(24, 'return_reintegration'),
  skills_recognition: period(24, 'skills_recognition'),
  information_only: period(12, 'information_only'),
};

/** A case with no type recorded keeps the longest period of all: without a type, the desk cannot tell it may go sooner. */
export const UNTYPED = 'untyped';

/** The longest period an administrator may set (100 years), and the shortest (one month). */
export const MAX_MONTHS = 1200;
export const MIN_MONTHS = 1;
