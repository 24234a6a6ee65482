import type { LetterTexts } from '../letter-strings.js';

/**
 * Dutch, u-form. The letter before claim is an "ingebrekestelling en sommatie"; the counsellor is "consulent" and a case
 * "dossier", as in the UI catalogue. "die" and "diens" keep sentences about {worker} free of gender.
 */
export const nl: LetterTexts = {
  common: {
    date: 'Datum',
    ourReference: 'Ons kenmerk',
    yourReference: 'Uw kenmerk',
    pageLabel: 'Pagina {page} van {pages}',
    continuation: 'Ons kenmerk {reference}',
    footer: '{union} · {contactPoint} · {city}',
    phoneLine: 'Tel. {phone}',
    emailLine: 'E-mail {email}',
    contactEmailAndPhone: '{email}, tel. {phone}',
    contactEmail: '{email}',
    contactPhone: 'tel. {phone}',
    forTheAttentionOf: 'T.a.v. {name}',
    dearNamed: 'Geachte {name},',
    dearUnnamed: 'Geachte heer/mevrouw,',
    closingNamed: 'Met vriendelijke groet,',
    closingUnnamed: 'Met vriendelijke groet,',
    enclosures: 'Bijlagen',
    period: 'Periode',
    description: 'Omschrijving',
    amount: 'Bedrag ({currency})',
    total: 'Totaal',
    counsellorRole: 'Consulent',
    privateAndConfidential: 'PERSOONLIJK EN VERTROUWELIJK',
    employmentFromTo: '{start} tot en met {end}',
    employmentSince: 'sinds {start}',
    jobAtWorkplace: '{jobTitle}, werkplek: {workplace}',
    yes: 'Ja',
    no: 'Nee',
    visaWithExpiry: '{visa}, geldig tot {expiry}',
    deadlineItem: '{title}: {due}',
    notReviewed:
      'Deze tekst in het {language} is nog niet gecontroleerd door iemand van ons contactpunt met het {language} als moedertaal. Is iets niet duidelijk? Vraag het ons dan.',
    englishParts: 'Sommige delen van dit document zijn in het Engels, omdat ze alleen in het Engels bestaan: {parts}.',
    partLegalBasis: 'de juridische grondslag',
    partEscalation: 'wat er gebeurt als het bedrag niet wordt betaald',
    partUrgentHelp: 'waar u snel hulp kunt krijgen',
    partJurisdiction: 'de naam van het rechtsgebied',
  },

  urgentHelp: {
    emergency: 'Noodnummer: {number}',
    emergencyServices: 'Noodnummer (politie, brandweer, ambulance): {number}',
    ukModernSlavery:
      'Modern Slavery and Exploitation Helpline (hulplijn moderne slavernij en uitbuiting): {number} (gratis, dag en nacht)',
    samaritans: 'Samaritans, als u met iemand wilt praten: {number} (gratis, dag en nacht)',
    usTrafficking: 'National Human Trafficking Hotline (hulplijn mensenhandel): {number}, of stuur een sms naar {text} (dag en nacht)',
    usCrisis: '988 Suicide & Crisis Lifeline (hulplijn bij crisis en zelfmoordgedachten): bel of sms {number}',
    auLifeline: 'Lifeline (crisislijn): {number} (dag en nacht)',
    au1800Respect: '1800RESPECT (bij seksueel geweld en huiselijk geweld): {number}',
  },

  letterBeforeClaim: {
    title: 'Ingebrekestelling en sommatie (achterstallig loon)',
    subject: 'Ingebrekestelling en sommatie: achterstallig loon van {worker}',
    intro:
      'Wij treden op namens {worker}, die {union} op {authorisedOn} heeft gemachtigd om het loon te vorderen dat u verschuldigd bent. Deze brief is een formele ingebrekestelling en sommatie.',
    employmentEnded: '{worker} werkte van {start} tot en met {end} voor u als {jobTitle}, op de werkplek {workplace}.',
    employmentOngoing: '{worker} werkt sinds {start} voor u als {jobTitle}, op de werkplek {workplace}.',
    factsHeading: 'De feiten',
    payAgreed: 'Het overeengekomen loon was {payAgreed}.',
    payReceived: 'Het werkelijk ontvangen loon was {payReceived}.',
    amountsIntro: 'U bent {worker} de volgende bedragen verschuldigd, die nog altijd niet zijn betaald:',
    legalBasisHeading: 'De juridische grondslag',
    legalBasisHeadingIn: 'De juridische grondslag ({jurisdiction})',
    recordsHeading: 'Loonadministratie',
    records:
      'Wij verzoeken u ons vóór dezelfde datum ook kopieën te sturen van de loonstroken, de urenregistratie en alle andere loongegevens van {worker} die u wettelijk moet bewaren, over de hele duur van het dienstverband.',
    demandHeading: 'Wat wij van u vragen',
    demand: 'Wij sommeren u het totaalbedrag van {total} uiterlijk op {deadline} aan {worker} te betalen.',
    paymentDefault:
      'De betaling dient rechtstreeks aan {worker} te worden gedaan, op dezelfde wijze als waarop het loon werd betaald, en schriftelijk aan ons te worden bevestigd.',
    consequenceDefault:
      'Als het totaalbedrag niet uiterlijk op die datum volledig is betaald, zullen wij {worker} zonder nadere aankondiging ondersteunen bij het instellen van een vordering bij de bevoegde rechter of instantie voor arbeidsgeschillen, en de zaak melden bij de instantie die toeziet op de naleving van het arbeidsrecht.',
    retaliationHeading: 'Bescherming tegen represailles',
    retaliation:
      'De wet beschermt {worker} tegen ontslag en elke andere benadeling wegens het opkomen voor deze rechten. Elke dergelijke behandeling, waaronder dreigementen over werk of huisvesting, zullen wij melden bij de autoriteiten en aan de vordering toevoegen.',
    reply: 'Wij verzoeken u uw reactie te sturen aan {counsellor} ({contact}), onder vermelding van ons kenmerk {reference}.',
  },

  inspectorateComplaint: {
    title: 'Klacht bij een arbeidsinspectie',
    subject: 'Klacht over {employer}',
    intro:
      'Namens {worker}, die ons daartoe op {authorisedOn} heeft gemachtigd, dient {union} deze klacht in over overtredingen van het arbeidsrecht door {employer}.',
    introAnonymous:
      'Namens een werknemer van {employer} dient {union} deze klacht in; de werknemer heeft ons daartoe op {authorisedOn} gemachtigd. Om de werknemer te beschermen tegen represailles, geven wij uw dienst de naam op verzoek, op voorwaarde dat deze vertrouwelijk blijft.',
    complainantHeading: 'Indiener van de klacht',
    worker: 'Werknemer',
    workerWithheld: 'Naam niet vermeld ter bescherming van de werknemer',
    representedBy: 'Vertegenwoordigd door',
    representedByValue: '{union}, {contactPoint}',
    contact: 'Contactpersoon',
    contactValue: '{counsellor}, {contact}',
    contactThroughUs: 'Neem alstublieft alleen via ons contact op met de werknemer.',
    employerHeading: 'De werkgever',
    agencyHeading: 'Het bemiddelings- of uitzendbureau',
    partyName: 'Naam',
    partyAddress: 'Adres',
    partySector: 'Sector',
    partyRegistration: 'Registratienummer',
    workersAffected: 'Betrokken werknemers',
    breachesHeading: 'De overtredingen',
    breachHeading: '{number}. {title}',
    breachWhen: 'Wanneer',
    breachEvidence: 'Bewijs',
    breachAmount: 'Verschuldigd bedrag',
    amountsHeading: 'Verschuldigde bedragen',
    amountsIntro: 'Voor zover bekend zijn de volgende bedragen verschuldigd:',
    requestsHeading: 'Ons verzoek',
    requestsIntro: 'Wij verzoeken uw dienst:',
    requestInspection: 'de werkplekken en de administratie van de werkgever te inspecteren;',
    requestRecovery: 'het achterstallige loon en de andere verschuldigde bedragen te laten betalen;',
    requestSanctions: 'de sancties op te leggen die de wet voorschrijft voor de vastgestelde overtredingen.',
    confidentiality:
      'Wij verzoeken u de identiteit van de werknemer vertrouwelijk te houden en niet zonder diens toestemming aan de werkgever bekend te maken, om de werknemer te beschermen tegen represailles.',
    closing:
      'Wij verzoeken u de ontvangst van deze klacht te bevestigen en {counsellor} ({contact}) op de hoogte te houden van de voortgang, onder vermelding van ons kenmerk {reference}.',
  },

  statementOfInterest: {
    title: 'Verzoek om een statement of interest (belangenverklaring) ter ondersteuning van deferred action (uitstel van verwijdering)',
    notice:
      'De procedure van het DHS (Department of Homeland Security, het Amerikaanse ministerie van Binnenlandse Veiligheid) voor deferred action for labor enforcement (DALE) neemt sinds 2025 geen nieuwe verzoeken meer aan. Gebruik deze brief alleen voor lopende zaken of een opvolgende procedure.',
    subject: 'Verzoek om een statement of interest ter ondersteuning van deferred action: {employer}, zaak {matter}',
    intro:
      'Wij schrijven u namens {union} over het arbeidsconflict op de werkplek van {employer} ({worksite}), waarover bij uw dienst zaak {matter} loopt.',
    disputeHeading: 'Het arbeidsconflict',
    witnessesHeading: 'Waarom een statement of interest nodig is',
    witnesses:
      'De werknemers op deze werkplek zijn getuigen of mogelijke getuigen in het onderzoek van uw dienst en in de handhaving van het arbeidsrecht. Angst voor immigratiehandhaving, en voor represailles van de werkgever die daarmee dreigt, weerhoudt hen ervan zich te melden en mee te werken, en belemmert zo uw onderzoek.',
    requestHeading: 'Ons verzoek',
    request:
      'Wij verzoeken uw dienst beleefd een statement of interest af te geven ter ondersteuning van deferred action voor een periode van {period}, voor {workersCovered}.',
    workersCoveredDefault: 'de werknemers die in de door uw onderzoek bestreken periode op deze werkplek werkzaam waren',
    contact: 'Vragen over dit verzoek kunt u richten aan {counsellor} ({contact}), onder vermelding van ons kenmerk {reference}.',
    salutation: 'Geachte heer/mevrouw,',
    closing: 'Met vriendelijke groet,',
    enclosures: 'Bijlagen',
  },

  referral: {
    title: 'Verwijzing naar een partnerorganisatie',
    subject: 'Verwijzing vanuit {contactPoint}',
    introNamed: 'Wij willen {person} graag naar {partner} verwijzen.',
    introUnnamed: 'Wij willen een persoon die wij ondersteunen graag naar {partner} verwijzen.',
    reasonHeading: 'Reden van de verwijzing',
    requestHeading: 'Wat wij van u vragen',
    sharedHeading: 'Gegevens gedeeld met toestemming',
    sharedNone:
      'Deze brief bevat geen persoonsgegevens. Wij geven die, met toestemming van de betrokkene, door zodra u kunt helpen.',
    consentNamed:
      '{person} heeft op {consentDate} toestemming gegeven om de gegevens in deze brief met {partner} te delen. Wij hebben alleen gedeeld wat voor deze verwijzing nodig is; geef de gegevens niet door zonder toestemming van de betrokkene.',
    consentUnnamed:
      'De betrokkene heeft op {consentDate} toestemming gegeven om de gegevens in deze brief met {partner} te delen. Wij hebben alleen gedeeld wat voor deze verwijzing nodig is; geef de gegevens niet door zonder toestemming van de betrokkene.',
    replyBy:
      'Wij ontvangen uw reactie graag uiterlijk op {replyBy}. U kunt die sturen aan {counsellor} ({contact}), onder vermelding van ons kenmerk {reference}.',
    reply: 'U kunt uw reactie sturen aan {counsellor} ({contact}), onder vermelding van ons kenmerk {reference}.',
    fields: {
      name: 'Naam',
      preferredLanguage: 'Voorkeurstaal',
      interpreterNeeded: 'Tolk nodig',
      contact: 'Telefoon of berichtenapp',
      nationality: 'Nationaliteit',
      gender: 'Geslacht',
      dateOfBirth: 'Geboortedatum of geboortejaar',
      immigrationSituation: 'Verblijfssituatie',
      visa: 'Visum',
      unionMembership: 'Vakbondslidmaatschap',
      caseTypes: 'Onderwerpen',
      sector: 'Sector',
      caseSummary: 'Samenvatting van het dossier',
      employer: 'Werkgever',
      employment: 'Dienstverband',
      amountsOwed: 'Verschuldigde bedragen',
      openDeadlines: 'Openstaande termijnen',
    },
  },

  workerSummary: {
    title: 'Samenvatting van uw dossier',
    subject: 'Samenvatting van uw dossier {reference}',
    intro:
      'In deze brief vatten we uw dossier samen: waar het over gaat, wat er al is gedaan, wat er nu gaat gebeuren en welke datums belangrijk zijn. Bewaar deze brief op een veilige plek.',
    aboutHeading: 'Waar uw dossier over gaat',
    doneHeading: 'Wat er tot nu toe is gedaan',
    doneItem: '{date}: {text}',
    nextHeading: 'Wat er nu gaat gebeuren',
    nextItem: '{action} (wie: {who})',
    nextItemBy: '{action} (wie: {who}, uiterlijk {date})',
    deadlinesHeading: 'Belangrijke datums',
    deadlinesIntro: 'Deze datums zijn belangrijk. Laat het ons meteen weten als er iets verandert.',
    deadlineMissed: 'Als deze datum wordt gemist: {ifMissed}',
    amountsHeading: 'Geld dat wij voor u opeisen',
    counsellorHeading: 'Uw consulent',
    counsellor: 'Uw consulent is {counsellor} van {contactPoint}. Neem bij vragen gerust contact op:',
    counsellorPhone: 'Telefoon',
    counsellorEmail: 'E-mail',
    counsellorAddress: 'Adres',
    urgentHeading: 'Als u dringend hulp nodig hebt',
    urgentIntro: 'Als u in gevaar bent of hulp nodig hebt buiten onze openingstijden:',
    closing: 'Met hartelijke groet,',
  },
};
