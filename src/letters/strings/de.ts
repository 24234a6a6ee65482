import type { LetterTexts } from '../letter-strings.js';

/**
 * German, Sie-form. German letter conventions: the first paragraph after the salutation ("…,") starts in lower case;
 * the closing ("Mit freundlichen Grüßen") has no comma. The worker's and counsellor's gender is unknown: sentences
 * avoid pronouns for {worker} (or use "die beschäftigte Person"), and the counsellor is "Berater*in" /
 * "Ansprechperson" as in the UI catalogue.
 */
export const de: LetterTexts = {
  common: {
    date: 'Datum',
    ourReference: 'Unser Zeichen',
    yourReference: 'Ihr Zeichen',
    pageLabel: 'Seite {page} von {pages}',
    continuation: 'Unser Zeichen {reference}',
    footer: '{union} · {contactPoint} · {city}',
    phoneLine: 'Tel. {phone}',
    emailLine: 'E-Mail {email}',
    contactEmailAndPhone: '{email}, Tel. {phone}',
    contactEmail: '{email}',
    contactPhone: 'Tel. {phone}',
    forTheAttentionOf: 'z. Hd. {name}',
    dearNamed: 'Guten Tag {name},',
    dearUnnamed: 'Sehr geehrte Damen und Herren,',
    closingNamed: 'Mit freundlichen Grüßen',
    closingUnnamed: 'Mit freundlichen Grüßen',
    enclosures: 'Anlagen',
    period: 'Zeitraum',
    description: 'Bezeichnung',
    amount: 'Betrag ({currency})',
    total: 'Summe',
    counsellorRole: 'Berater*in',
    privateAndConfidential: 'PERSÖNLICH UND VERTRAULICH',
    employmentFromTo: '{start} bis {end}',
    employmentSince: 'seit dem {start}',
    amountClaimed: 'Löhne und sonstige geschuldete Beträge',
    jobAtWorkplace: '{jobTitle}, Arbeitsort: {workplace}',
    yes: 'Ja',
    no: 'Nein',
    visaWithExpiry: '{visa}, gültig bis {expiry}',
    deadlineItem: '{title}: {due}',
    notReviewed:
      'Dieser Text auf {language} wurde noch von niemandem in unserer Anlaufstelle geprüft, dessen Muttersprache {language} ist. Wenn Ihnen etwas darin unklar ist, fragen Sie uns bitte.',
    englishParts: 'Einige Teile dieses Dokuments sind auf Englisch, weil es sie nur auf Englisch gibt: {parts}.',
    partLegalBasis: 'die Rechtsgrundlage',
    partEscalation: 'was geschieht, wenn der Betrag nicht gezahlt wird',
    partUrgentHelp: 'wo Sie schnell Hilfe bekommen',
    partJurisdiction: 'die Bezeichnung der Rechtsordnung',
    partDeadlineTitles: 'die Bezeichnungen der Fristen',
  },

  urgentHelp: {
    emergency: 'Notruf: {number}',
    emergencyServices: 'Notruf (Polizei, Feuerwehr, Rettungsdienst): {number}',
    ukModernSlavery:
      'Modern Slavery and Exploitation Helpline (Hotline gegen moderne Sklaverei und Ausbeutung): {number} (kostenlos, rund um die Uhr)',
    samaritans: 'Samaritans, wenn Sie mit jemandem sprechen möchten: {number} (kostenlos, rund um die Uhr)',
    usTrafficking: 'National Human Trafficking Hotline (Hotline gegen Menschenhandel): {number} oder SMS an {text} (rund um die Uhr)',
    usCrisis: '988 Suicide & Crisis Lifeline (Krisen- und Suizidpräventionstelefon): Anruf oder SMS an {number}',
    auLifeline: 'Lifeline (Krisentelefon): {number} (rund um die Uhr)',
    au1800Respect: '1800RESPECT (bei sexueller, häuslicher und familiärer Gewalt): {number}',
  },

  letterBeforeClaim: {
    title: 'Geltendmachung und Zahlungsaufforderung (ausstehender Lohn)',
    subject: 'Geltendmachung und Zahlungsaufforderung: ausstehender Lohn von {worker}',
    intro:
      'wir vertreten {worker}. Mit Vollmacht vom {authorisedOn} hat {worker} {union} beauftragt, den Lohn einzufordern, den Sie schulden. Mit diesem Schreiben machen wir die Ansprüche förmlich geltend und fordern Sie zur Zahlung auf.',
    employmentEnded: '{worker} war vom {start} bis zum {end} bei Ihnen als {jobTitle} am Arbeitsort {workplace} beschäftigt.',
    employmentOngoing: '{worker} ist seit dem {start} bei Ihnen als {jobTitle} am Arbeitsort {workplace} beschäftigt.',
    factsHeading: 'Sachverhalt',
    payAgreed: 'Der vereinbarte Lohn betrug {payAgreed}.',
    payReceived: 'Der tatsächlich gezahlte Lohn betrug {payReceived}.',
    amountsIntro: 'Folgende Beträge schulden Sie {worker}; sie sind bis heute nicht bezahlt:',
    legalBasisHeading: 'Rechtsgrundlage',
    legalBasisHeadingIn: 'Rechtsgrundlage ({jurisdiction})',
    recordsHeading: 'Lohnunterlagen',
    records:
      'Bitte senden Sie uns bis zum selben Datum außerdem Kopien aller Lohnabrechnungen, Arbeitszeitaufzeichnungen und sonstigen Lohnunterlagen, die Sie für {worker} gesetzlich aufbewahren müssen, für den gesamten Beschäftigungszeitraum.',
    demandHeading: 'Unsere Aufforderung',
    demand: 'Wir fordern Sie auf, {worker} den Gesamtbetrag von {total} bis zum {deadline} zu zahlen.',
    paymentDefault:
      'Bitte zahlen Sie direkt an {worker}, auf demselben Weg, auf dem bisher der Lohn gezahlt wurde, und bestätigen Sie uns die Zahlung schriftlich.',
    consequenceDefault:
      'Sollte der Gesamtbetrag bis zu diesem Datum nicht vollständig gezahlt sein, werden wir {worker} ohne weitere Ankündigung dabei unterstützen, Klage vor dem für arbeitsrechtliche Streitigkeiten zuständigen Gericht zu erheben, und die Angelegenheit der für die Durchsetzung des Arbeitsrechts zuständigen Behörde melden.',
    retaliationHeading: 'Schutz vor Vergeltungsmaßnahmen',
    retaliation:
      'Das Gesetz schützt {worker} vor Kündigung und jeder anderen Benachteiligung wegen der Geltendmachung dieser Rechte. Jede solche Behandlung, auch Drohungen, die die Arbeit oder die Unterkunft betreffen, werden wir den Behörden melden und in die Klage aufnehmen.',
    reply: 'Bitte richten Sie Ihre Antwort unter Angabe unseres Zeichens {reference} an {counsellor} ({contact}).',
  },

  inspectorateComplaint: {
    title: 'Beschwerde bei einer Arbeitsaufsichtsbehörde',
    subject: 'Beschwerde gegen {employer}',
    intro:
      'im Namen von {worker} reicht {union} hiermit Beschwerde wegen Verstößen von {employer} gegen das Arbeitsrecht ein. Die Vollmacht dazu wurde uns am {authorisedOn} erteilt.',
    introAnonymous:
      'im Namen einer bei {employer} beschäftigten Person reicht {union} hiermit Beschwerde ein. Die Vollmacht dazu wurde uns am {authorisedOn} erteilt. Um die Person vor Vergeltungsmaßnahmen zu schützen, nennen wir Ihrer Behörde ihren Namen auf Anfrage, sofern er vertraulich behandelt wird.',
    complainantHeading: 'Beschwerdeführende Person',
    worker: 'Beschäftigte Person',
    workerWithheld: 'Name zum Schutz der beschäftigten Person nicht genannt',
    representedBy: 'Vertreten durch',
    representedByValue: '{union}, {contactPoint}',
    contact: 'Kontakt',
    contactValue: '{counsellor}, {contact}',
    contactThroughUs: 'Bitte nehmen Sie mit der beschäftigten Person nur über uns Kontakt auf.',
    employerHeading: 'Arbeitgeber',
    agencyHeading: 'Vermittlungsagentur oder Personaldienstleister',
    partyName: 'Name',
    partyAddress: 'Anschrift',
    partySector: 'Branche',
    partyRegistration: 'Registernummer',
    workersAffected: 'Betroffene Beschäftigte',
    breachesHeading: 'Verstöße',
    breachHeading: '{number}. {title}',
    breachWhen: 'Zeitpunkt',
    breachEvidence: 'Belege',
    breachAmount: 'Geschuldeter Betrag',
    amountsHeading: 'Geschuldete Beträge',
    amountsIntro: 'Nach derzeitigem Kenntnisstand werden folgende Beträge geschuldet:',
    requestsHeading: 'Worum wir bitten',
    requestsIntro: 'Wir bitten Ihre Behörde,',
    requestInspection: 'die Betriebsstätten und Unterlagen des Arbeitgebers zu kontrollieren;',
    requestRecovery: 'die Zahlung der ausstehenden Löhne und sonstigen geschuldeten Beträge durchzusetzen;',
    requestSanctions: 'die gesetzlich vorgesehenen Sanktionen für die festgestellten Verstöße zu verhängen.',
    confidentiality:
      'Wir bitten darum, die Identität der beschäftigten Person vertraulich zu behandeln und sie dem Arbeitgeber nicht ohne deren Einwilligung offenzulegen, um die Person vor Vergeltungsmaßnahmen zu schützen.',
    closing:
      'Bitte bestätigen Sie den Eingang dieser Beschwerde und halten Sie {counsellor} ({contact}) unter Angabe unseres Zeichens {reference} über den Fortgang auf dem Laufenden.',
  },

  statementOfInterest: {
    title: 'Antrag auf ein Statement of Interest (Interessenbekundung) zur Unterstützung von Deferred Action (Zurückstellung aufenthaltsbeendender Maßnahmen)',
    notice:
      'Das Verfahren des DHS (Department of Homeland Security, US-Heimatschutzministerium) für Deferred Action for Labor Enforcement (DALE) nimmt seit 2025 keine neuen Anträge mehr an. Verwenden Sie dieses Schreiben nur für bestehende Verfahren oder ein Nachfolgeverfahren.',
    subject: 'Antrag auf ein Statement of Interest zur Unterstützung von Deferred Action: {employer}, Verfahren {matter}',
    intro:
      'wir schreiben Ihnen im Namen von {union} zu dem Arbeitskonflikt am Arbeitsort von {employer} ({worksite}), der Gegenstand des bei Ihrer Behörde offenen Verfahrens {matter} ist.',
    disputeHeading: 'Der Arbeitskonflikt',
    witnessesHeading: 'Warum ein Statement of Interest erforderlich ist',
    witnesses:
      'Die Beschäftigten an diesem Arbeitsort sind Zeuginnen und Zeugen oder mögliche Zeuginnen und Zeugen in den arbeitsrechtlichen Ermittlungen und Vollzugsmaßnahmen Ihrer Behörde. Die Angst vor einwanderungsrechtlichen Maßnahmen und vor Vergeltung durch den Arbeitgeber, der damit droht, hält sie davon ab, sich zu melden und mitzuwirken, und behindert so Ihre Ermittlungen.',
    requestHeading: 'Unser Antrag',
    request:
      'Wir bitten Ihre Behörde höflich, ein Statement of Interest zur Unterstützung von Deferred Action für einen Zeitraum von {period} für {workersCovered} abzugeben.',
    workersCoveredDefault: 'die Beschäftigten, die in dem von Ihren Ermittlungen erfassten Zeitraum an diesem Arbeitsort tätig waren',
    contact: 'Bitte richten Sie Fragen zu diesem Antrag unter Angabe unseres Zeichens {reference} an {counsellor} ({contact}).',
    salutation: 'Sehr geehrte Damen und Herren,',
    closing: 'Mit freundlichen Grüßen',
    enclosures: 'Anlagen',
  },

  referral: {
    title: 'Vermittlung an eine Partnerorganisation',
    subject: 'Vermittlung durch {contactPoint}',
    introNamed: 'wir möchten {person} an {partner} vermitteln.',
    introUnnamed: 'wir möchten eine Person, die wir unterstützen, an {partner} vermitteln.',
    reasonHeading: 'Anlass der Vermittlung',
    requestHeading: 'Worum wir Sie bitten',
    sharedHeading: 'Mit Einwilligung weitergegebene Angaben',
    sharedNone:
      'Dieses Schreiben enthält keine personenbezogenen Daten. Wir geben sie mit Einwilligung der Person weiter, sobald Sie helfen können.',
    consentNamed:
      '{person} hat am {consentDate} eingewilligt, dass wir die Angaben in diesem Schreiben an {partner} weitergeben. Wir haben nur weitergegeben, was für diese Vermittlung nötig ist; bitte geben Sie die Angaben nicht ohne Einwilligung der Person weiter.',
    consentUnnamed:
      'Die Person hat am {consentDate} eingewilligt, dass wir die Angaben in diesem Schreiben an {partner} weitergeben. Wir haben nur weitergegeben, was für diese Vermittlung nötig ist; bitte geben Sie die Angaben nicht ohne Einwilligung der Person weiter.',
    replyBy: 'Bitte senden Sie Ihre Antwort bis zum {replyBy} unter Angabe unseres Zeichens {reference} an {counsellor} ({contact}).',
    reply: 'Bitte senden Sie Ihre Antwort unter Angabe unseres Zeichens {reference} an {counsellor} ({contact}).',
    fields: {
      name: 'Name',
      preferredLanguage: 'Bevorzugte Sprache',
      interpreterNeeded: 'Dolmetschung erforderlich',
      contact: 'Telefon oder Messenger',
      nationality: 'Staatsangehörigkeit',
      gender: 'Geschlecht',
      dateOfBirth: 'Geburtsdatum oder Geburtsjahr',
      immigrationSituation: 'Aufenthaltsstatus',
      visa: 'Visum',
      unionMembership: 'Gewerkschaftsmitgliedschaft',
      caseTypes: 'Anliegen',
      sector: 'Branche',
      caseSummary: 'Zusammenfassung des Falls',
      employer: 'Arbeitgeber',
      employment: 'Beschäftigung',
      amountsOwed: 'Geschuldete Beträge',
      openDeadlines: 'Offene Fristen',
    },
  },

  workerSummary: {
    title: 'Zusammenfassung Ihres Falls',
    subject: 'Zusammenfassung Ihres Falls {reference}',
    intro:
      'dieses Schreiben fasst Ihren Fall zusammen: worum es geht, was bisher getan wurde, wie es weitergeht und welche Termine wichtig sind. Bitte bewahren Sie es gut auf.',
    aboutHeading: 'Worum es in Ihrem Fall geht',
    doneHeading: 'Was bisher getan wurde',
    doneItem: '{date}: {text}',
    nextHeading: 'Wie es weitergeht',
    nextItem: '{action} (wer: {who})',
    nextItemBy: '{action} (wer: {who}, bis zum {date})',
    deadlinesHeading: 'Wichtige Termine',
    deadlinesIntro: 'Diese Termine sind wichtig. Bitte sagen Sie uns sofort Bescheid, wenn sich etwas ändert.',
    deadlineMissed: 'Wenn dieser Termin verpasst wird: {ifMissed}',
    amountsHeading: 'Geld, das wir für Sie einfordern',
    counsellorHeading: 'Ihre Ansprechperson',
    counsellor: 'Ihre Ansprechperson ist {counsellor} bei {contactPoint}. Bei allen Fragen erreichen Sie sie hier:',
    counsellorPhone: 'Telefon',
    counsellorEmail: 'E-Mail',
    counsellorAddress: 'Adresse',
    urgentHeading: 'Wenn Sie dringend Hilfe brauchen',
    urgentIntro: 'Wenn Sie in Gefahr sind oder außerhalb unserer Öffnungszeiten Hilfe brauchen:',
    salutation: 'Guten Tag {name},',
    caseOpened: 'Wir haben uns getroffen, uns angehört, was passiert ist, und Ihren Fall eröffnet.',
    sent: {
      letter_before_claim: 'Wir haben Ihrem Arbeitgeber geschrieben und ihn aufgefordert, zu zahlen, was er Ihnen schuldet.',
      inspectorate_complaint: 'Wir haben eine Beschwerde an die Arbeitsaufsicht geschickt.',
      statement_of_interest: 'Wir haben die Arbeitsbehörde gebeten, Deferred Action für die Beschäftigten zu unterstützen.',
      referral: 'Wir haben Sie an eine Partnerorganisation vermittelt.',
    },
    closing: 'Herzliche Grüße',
  },
};
