import { isSupportedLocale, ownName } from '../i18n/index.js';
import { requestTranslator } from '../i18n/request.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../auth/policy.js';
import { currencies } from '../cases/catalogue.js';
import { caseFor } from '../cases/cases.service.js';
import { findContactPoint } from '../contact-points/contact-points.repo.js';
import type { Case } from '../cases/cases.table.js';
import type { Db } from '../db/client.js';
import { documentForDownload, documentsOfCase, storeLetter } from '../documents/documents.service.js';
import { findPerson } from '../people/people.repo.js';
import { actorOf, bodyOf, caseIdOf, idOf } from '../plugins/request-context.js';
import { AppError, notFound } from '../shared/errors.js';
import { jurisdictionTemplate, letterKindFits } from './jurisdictions.js';
import { chooseRecipient, placeForChoice, preselected, recipientChoice, type RecipientChoice } from './letter-recipients.js';
import { MissingLetterFactsError, composeLetter, describeLetterKind } from './letter-content.js';
import { factLabels, missingFacts, type MissingFact } from './letter-facts.js';
import { defaultLetterLanguage, openingLetterLanguage } from './letter-language.js';
import { currentReview } from './translation-reviews.service.js';
import { deadlineTitleIn, loadLetterFacts, prefilledEnglishParts, prefillLetterForm, snapshotFromForm, whereToFill, type LetterCaseFacts } from './letter-from-case.js';
import { minimiseSnapshot, type LetterSnapshot } from './letter-snapshot.js';
import { DEFAULT_LETTER_LANGUAGE, letterLanguagesFor, letterStringsFor, primaryLanguage } from './letter-strings.js';
import {
  COMPLAINT_REQUESTS,
  FORM_KINDS,
  LetterForm,
  WorkerPaperForm,
  ListQuery,
  NewLetterQuery,
  RecipientChoiceForm,
  formValuesFromBody,
  letterFieldErrors,
  type FormKind,
} from './letters.schema.js';
import { renderLetterPdf } from './pdf.js';
import { containsRtl } from './rtl.js';

/**
 * Letters of a case: the documents list, the pre-filled form, the preview (a PDF shown in a frame
 * of the form, never stored) and generation (stored, immutable, audited). Personal data travels in
 * POST bodies only; URLs carry ids and the letter kind.
 */
const badRequest = () => new AppError(400, 'errors.badRequest');

export async function letterRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;

  const trOf = (request: FastifyRequest) => requestTranslator(request);
  /** The person as the safety banner needs them (flags are shown to the counsellor, never printed). */
  const personOf = (kase: Case) => (kase.personId ? (findPerson(db, kase.personId) ?? null) : null);

  /** The preview is our own page shown in a frame of our own page; every other response keeps frame-ancestors 'none'. */
  const allowSameOriginFrame = (reply: FastifyReply) => {
    const csp = String(reply.getHeader('content-security-policy') ?? '');
    reply.header('content-security-policy', csp ? csp.replace("frame-ancestors 'none'", "frame-ancestors 'self'") : "frame-ancestors 'self'");
    reply.header('x-frame-options', 'SAMEORIGIN');
  };

  function listView(request: FastifyRequest, reply: FastifyReply, kase: Case) {
    const documents = documentsOfCase(db, kase.id);
    const generatedId = ListQuery.parse(request.query).generated;
    const generated = generatedId ? documents.find((d) => d.id === generatedId) : undefined;
    return reply.view(
      'letters/index',
      {
        title: kase.reference,
        kase,
        contactPoint: findContactPoint(db, kase.contactPointId),
        person: personOf(kase),
        documents,
        generated,
        formKinds: FORM_KINDS.filter((kind) => letterKindFits(kind, kase.jurisdictionCountry)),
        mayLetter: can(actorOf(request), 'case.letter', kase),
      },
      { fragment: 'cases/_documents' },
    );
  }

  type FormState = {
    values: Record<string, unknown>;
    errors?: Record<string, string>;
    missing?: MissingFact[];
    /** A language asked for that has no strings for the kind (422). */
    refused?: string;
  };

  /** The languages the letter exists in, the person's own first for their summary, each named in the UI's language. */
  function languageChoices(kind: FormKind, facts: LetterCaseFacts, tr: ReturnType<typeof trOf>) {
    const available = letterLanguagesFor(kind);
    const own = kind === 'worker_summary' ? (facts.person?.languages ?? []).filter((l) => available.includes(l)) : [];
    const rest = available.filter((l) => !own.includes(l)).sort((a, b) => tr.languageName(a).localeCompare(tr.languageName(b), tr.lang));
    return [...own, ...rest].map((l) => ({ value: l, lang: l, label: `${tr.languageName(l)} (${ownName(l)})`, own: own.includes(l) }));
  }

  function formView(reply: FastifyReply, request: FastifyRequest, kind: FormKind, facts: LetterCaseFacts, state: FormState, status?: number) {
    const tr = trOf(request);
    const language = primaryLanguage(String(state.values.language ?? '')) || DEFAULT_LETTER_LANGUAGE;
    const place = jurisdictionTemplate(facts.kase.jurisdictionCountry, facts.kase.jurisdictionRegion, language);
    const suggested = defaultLetterLanguage(kind, languageContext(facts));
    const personName = String(state.values.personName ?? '');
    const choice = recipientChoice(db, kind, facts);
    const missing = (state.missing ?? []).map((fact) => placed(fact, facts, choice, state.values.employerPartyId));
    // Each missing fact is also marked at its field, where the counsellor fills it in.
    const errors = { ...state.errors };
    for (const fact of missing) if (fact.anchor) errors[fact.anchor] ??= 'letters.missing.field';
    const translated = language !== DEFAULT_LETTER_LANGUAGE;
    // The rules' titles as the worker summary pre-fills them (Important dates).
    const titles = kind === 'worker_summary' ? facts.openDeadlines.map((d) => deadlineTitleIn(d.title, language, tr.lang)) : [];
    return reply.view(
      'letters/form',
      {
        title: `${tr.t(`letters.kinds.${kind}`)} · ${facts.kase.reference}`,
        kase: facts.kase,
        contactPoint: facts.contactPoint,
        person: personOf(facts.kase),
        kind,
        about: describeLetterKind(kind),
        values: state.values,
        errors,
        missing,
        jurisdiction: place.name,
        hasLegalBasis: place.legalBasis.length > 0,
        rtlName: containsRtl(personName),
        letterLanguage: {
          value: language,
          name: tr.languageName(language),
          choices: languageChoices(kind, facts, tr),
          // The language the letter would start in, when it has no strings yet (the form says so).
          suggestedMissing: letterStringsFor(suggested, kind) ? null : tr.languageName(suggested),
          refused: state.refused ? tr.languageName(state.refused) : null,
          notReviewed: translated && !currentReview(db, language),
          englishParts: prefilledEnglishParts(kind, place, language, titles),
          // The deadlines' titles a worker-only language lacks come in the counsellor's language (English: englishParts).
          uiWords: titles.length > 0 && tr.lang !== DEFAULT_LETTER_LANGUAGE && !isSupportedLocale(language) ? tr.languageName(tr.lang) : null,
        },
        currencies,
        complaintRequests: COMPLAINT_REQUESTS,
        recipientChoice: choice && {
          ...choice,
          countryName: tr.countryName(choice.country),
          addPartyHref: `/cases/${facts.kase.id}/parties/new`,
        },
      },
      { status },
    );
  }

  /** What the choice of a letter's language knows of this case. */
  const languageContext = (facts: LetterCaseFacts) => ({
    jurisdictionCountry: facts.kase.jurisdictionCountry,
    contactPointLocale: facts.contactPoint.defaultLocale,
    personLanguages: facts.person?.languages,
  });

  /** Where a missing fact is filled in; a fact of the chosen recipient at the choice itself. */
  const placed = (fact: MissingFact, facts: LetterCaseFacts, choice: RecipientChoice | null, chosenId: unknown) => ({
    ...fact,
    ...placeForChoice(whereToFill(fact.field, facts), fact.field, choice, chosenId, facts.kase.id),
  });

  type ReadForm =
    | { ok: false; facts: LetterCaseFacts; body: Record<string, unknown>; kind: FormKind | undefined; errors: Record<string, string>; refused?: string }
    | { ok: true; facts: LetterCaseFacts; body: Record<string, unknown>; kind: FormKind; snapshot: LetterSnapshot; choice: RecipientChoice | null };

  /**
   * Parses the letter form; on success the snapshot of the letter's facts, with the state of its translation. The
   * recipient comes from the record chosen (its name and address replace anything posted for them), and only a kind
   * of the case's jurisdiction is made.
   */
  function readForm(request: FastifyRequest, kase: Case): ReadForm {
    const posted = bodyOf(request);
    const facts = loadLetterFacts(db, kase, actorOf(request));
    const kind = NewLetterQuery.safeParse(posted).data?.kind;
    // A forged kind of another jurisdiction: said plainly, nothing made (the form never offers it).
    if (kind && !letterKindFits(kind, kase.jurisdictionCountry)) throw new AppError(422, 'letters.validation.kindNotHere');
    const choice = kind ? recipientChoice(db, kind, facts) : null;
    const ids = RecipientChoiceForm.safeParse(posted);
    const chosen = ids.success
      ? chooseRecipient(choice, ids.data, String(posted.recipientAttention ?? ''))
      : ({ ok: false, field: choice?.field ?? 'recipientPartnerId', error: 'letters.validation.recipientNotOffered' } as const);
    const body = chosen.ok ? { ...posted, ...chosen.fields } : posted;
    const parsed = LetterForm.safeParse(body);
    const paper = kind === 'worker_summary' ? WorkerPaperForm.safeParse(body) : null;
    if (!parsed.success || (paper && !paper.success) || !chosen.ok) {
      const errors = {
        ...(chosen.ok ? {} : { [chosen.field]: chosen.error }),
        ...(parsed.success ? {} : letterFieldErrors(parsed.error)),
        ...(paper && !paper.success ? letterFieldErrors(paper.error) : {}),
      };
      const refused = errors.language === 'letterLanguage.validation.noStrings' ? primaryLanguage(String(body.language ?? '')) : undefined;
      return { ok: false, facts, body: posted, kind, errors, refused };
    }
    const review = currentReview(db, parsed.data.language);
    const snapshot = snapshotFromForm(parsed.data, facts, request.now, review, chosen);
    return { ok: true, facts, body: posted, kind: parsed.data.kind, snapshot, choice };
  }

  app.register(async (r) => {
    r.addHook('preHandler', app.requireUser);

    r.get('/cases/:id/letters', async (request, reply) => listView(request, reply, caseFor(db, request.actor, caseIdOf(request), 'case.view')));

    r.get('/cases/:id/letters/new', async (request, reply) => {
      const kase = caseFor(db, request.actor, caseIdOf(request), 'case.letter');
      const query = NewLetterQuery.safeParse(request.query);
      if (!query.success) throw notFound();
      const { kind, language: asked } = query.data;
      // A letter of another jurisdiction (a US request on a UK case) is not made here, as a kind we do not make.
      if (!letterKindFits(kind, kase.jurisdictionCountry)) throw notFound();
      const facts = loadLetterFacts(db, kase, actorOf(request));
      // A language the letter does not exist in is refused, never replaced by English silently: the form opens in
      // the case's usual language with the refusal at the language select.
      const refused = asked && !letterStringsFor(asked, kind) ? asked : undefined;
      const language = asked && !refused ? asked : openingLetterLanguage(kind, languageContext(facts));
      const values = { ...prefillLetterForm(kind, facts, trOf(request), request.now, language), ...preselected(recipientChoice(db, kind, facts)) };
      if (refused) return formView(reply, request, kind, facts, { values, errors: { language: 'letterLanguage.validation.noStrings' }, refused }, 422);
      return formView(reply, request, kind, facts, { values });
    });

    r.post('/cases/:id/letters/preview', async (request, reply) => {
      const kase = caseFor(db, request.actor, caseIdOf(request), 'case.letter');
      const form = readForm(request, kase);
      allowSameOriginFrame(reply);
      if (!form.kind) throw badRequest();
      if (!form.ok) return reply.view('letters/preview-problem', { errors: form.errors, missing: [], refused: form.refused ? trOf(request).languageName(form.refused) : null }, { status: 422 });
      const snapshot = minimiseSnapshot(form.kind, form.snapshot);
      try {
        const rendered = await renderLetterPdf(composeLetter(form.kind, snapshot));
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="${kase.reference}-preview.pdf"`)
          .send(rendered.pdf);
      } catch (error) {
        if (!(error instanceof MissingLetterFactsError)) throw error;
        const missing = missingFacts(form.kind, snapshot, factLabels(trOf(request).t));
        return reply.view('letters/preview-problem', { errors: {}, missing: missing.map((fact) => placed(fact, form.facts, form.choice, form.body.employerPartyId)) }, { status: 422 });
      }
    });

    r.post('/cases/:id/letters/generate', async (request, reply) => {
      const kase = caseFor(db, request.actor, caseIdOf(request), 'case.letter');
      const form = readForm(request, kase);
      if (!form.kind) throw badRequest();
      const values = formValuesFromBody(form.body);
      if (!form.ok) return formView(reply, request, form.kind, form.facts, { values, errors: form.errors, refused: form.refused }, 422);
      try {
        const stored = await storeLetter(db, { kase, kind: form.kind, snapshot: form.snapshot, actorId: actorOf(request).id, clientAddress: request.ip }, request.now);
        return reply.redirect(`/cases/${kase.id}/letters?generated=${stored.id}`, 303);
      } catch (error) {
        if (!(error instanceof MissingLetterFactsError)) throw error;
        // The labels in the counsellor's language (composeLetter's are English).
        const missing = missingFacts(form.kind, minimiseSnapshot(form.kind, form.snapshot), factLabels(trOf(request).t));
        return formView(reply, request, form.kind, form.facts, { values, missing }, 422);
      }
    });

    r.get('/cases/:id/documents/:docId/download', async (request, reply) => {
      const { doc, fileName } = documentForDownload(db, request.actor, caseIdOf(request), idOf(request, 'docId'), request.ip, request.now);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${fileName}"`).send(doc.pdf);
    });
  });
}
