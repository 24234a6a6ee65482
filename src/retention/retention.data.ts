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
export type RetentionDefault = { months: number; why: string };

const SIX_YEARS = 72;
const contract = 'Limitation Act 1980 s.5: six years for a claim in contract (unpaid wages are a debt under the contract).';
const tort = 'Limitation Act 1980 s.2: six years for a claim in tort.';

export const retentionDefaults: Record<CaseType, RetentionDefault> = {
  wage_theft: { months: SIX_YEARS, why: contract },
  minimum_wage: { months: SIX_YEARS, why: `${contract} National Minimum Wage Act 1998 s.17 lets the worker claim the arrears as contractual pay.` },
  holiday_sick_pay: { months: SIX_YEARS, why: contract },
  overtime_working_time: { months: SIX_YEARS, why: contract },
  unlawful_deductions: { months: SIX_YEARS, why: `${contract} (The tribunal claim has a two-year backstop; the contract claim does not.)` },
  recruitment_fees: { months: SIX_YEARS, why: `${contract} Recovering fees paid is a claim in contract or restitution.` },
  passport_withheld: { months: SIX_YEARS, why: `${tort} Withholding a passport is conversion, and an indicator of forced labour.` },
  misclassification: { months: SIX_YEARS, why: `${contract} Status decides every other claim, so it is kept as long as they are.` },
  sponsorship_loss: { months: SIX_YEARS, why: `${contract} The dispute with the sponsoring employer outlives the immigration advice, which partners give.` },
  visa_tie_abuse: { months: SIX_YEARS, why: `${tort} ${contract}` },
  deferred_action: { months: SIX_YEARS, why: 'US deferred action (DALE) lasts up to two years and is renewed; the labour dispute behind it may run longer (FLSA: two or three years; state wage laws up to ten).' },
  unsafe_accommodation: { months: SIX_YEARS, why: `${contract} ${tort}` },
  health_safety: { months: SIX_YEARS, why: 'Limitation Act 1980 s.11 and s.14: personal injury, three years from the date of knowledge, which may come late; six years covers it.' },
  harassment_discrimination: { months: SIX_YEARS, why: 'Protection from Harassment Act 1997 s.3 with Limitation Act 1980 s.11(1A): six years for a civil harassment claim.' },
  forced_labour: { months: SIX_YEARS, why: `${tort} A prosecution may need the file for longer: set a legal hold.` },
  dismissal_retaliation: { months: SIX_YEARS, why: `${contract} Wrongful dismissal is a claim in contract, beside the tribunal claim.` },
  social_security: { months: 24, why: 'A benefit decision is appealed within 13 months at most (mandatory reconsideration, then the tribunal); no claim of the desk follows.' },
  return_reintegration: { months: 24, why: 'Advice and referral only: long enough to follow up and to answer a complaint about the advice.' },
  skills_recognition: { months: 24, why: 'Advice and referral only: long enough to follow up and to answer a complaint about the advice.' },
  information_only: { months: 12, why: 'An advice-only contact: a year to recognise a returning worker; nothing justifies keeping it longer (GDPR art. 5(1)(e)).' },
};

/** A case with no type recorded keeps the longest period of all: without a type, the desk cannot tell it may go sooner. */
export const UNTYPED = 'untyped';

/** The longest period an administrator may set (100 years), and the shortest (one month). */
export const MAX_MONTHS = 1200;
export const MIN_MONTHS = 1;
