/** Forms for the administrator's new-rule page (/admin/rules/new), shared by the tests that post it. */

export const AUSTRIAN_RULE_ID = 'at-arbvg-kuendigungsanfechtung';

/**
 * Austria, ArbVG §105(4): a dismissal is challenged in the labour and social court within 14 days after the notice
 * reached the worker (ABGB §902: that day not counted); a last day on a Sunday or public holiday moves to the next
 * working day (ABGB §903), a Saturday too (European Convention on the Calculation of Time-Limits art. 5).
 */
export const AUSTRIAN_RULE_FORM: Readonly<Record<string, string | string[]>> = {
  id: AUSTRIAN_RULE_ID,
  title: 'Labour court challenge of a dismissal (ArbVG §105)',
  country: 'AT',
  region: '',
  caseTypes: ['dismissal_retaliation'],
  trigger: 'dismissal_notice_received',
  triggerLabel: 'Date the notice of dismissal reached the worker',
  periodAmount: '14',
  periodUnit: 'days',
  computation: 'days',
  remindersBefore: '7, 2',
  lastDay: 'next_business_day',
  restDays: ['saturday', 'sunday'],
  holidays: 'national',
  alsoClosed: '',
  businessDaysSource: 'ABGB §903',
  nonWorkingDays: 'Moved: a last day on a Saturday, Sunday or public holiday becomes the next working day (ABGB §903).',
  acasClockStop: '',
  acasOneMonth: '',
  extension: '',
  citation: 'ArbVG §105(4)',
  url: 'https://www.ris.bka.gv.at/GeltendeFassung.wxe?Abfrage=Bundesnormen&Gesetzesnummer=10008329',
  explanation: 'A dismissal can be challenged in the labour and social court within 14 days after the notice reached the worker.',
  explanation_de: 'Eine Kündigung kann binnen 14 Tagen nach ihrem Zugang beim Arbeits- und Sozialgericht angefochten werden.',
  toVerify: 'Secondary sources only: confirm the works-council variants with an Austrian labour lawyer.',
  validFrom: '1990-01-01',
  validTo: '',
  status: 'active',
  statusNote: '',
  lastCheckedOn: '2026-11-24',
  lastCheckedBy: 'Tom Becker',
};
