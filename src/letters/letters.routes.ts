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
import { jurisdictionTemplate } from './jurisdictions.js';
import { MissingLetterFactsError, composeLetter, describeLetterKind } from './letter-content.js';
import type { MissingFact } from './letter-facts.js';
import { loadLetterFacts, prefillLetterForm, snapshotFromForm, whereToFill, type LetterCaseFacts } from './letter-from-case.js';
import { minimiseSnapshot, type LetterSnapshot } from './letter-snapshot.js';
import { letterStringsFor } from './letter-strings.js';
import {
  COMPLAINT_REQUESTS,
  FORM_KINDS,
  LetterForm,
  ListQuery,
  NewLetterQuery,
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
        formKinds: FORM_KINDS,
        mayLetter: can(actorOf(request), 'case.letter', kase),
      },
      { fragment: 'cases/_documents' },
    );
  }

  type FormState = { values: Record<string, unknown>; errors?: Record<string, string>; missing?: MissingFact[] };

  function formView(reply: FastifyReply, request: FastifyRequest, kind: FormKind, facts: LetterCaseFacts, state: FormState, status?: number) {
    const tr = trOf(request);
    const place = jurisdictionTemplate(facts.kase.jurisdictionCountry, facts.kase.jurisdictionRegion);
    const language = facts.person?.preferredLanguage;
    const translationMissing = kind === 'worker_summary' && language && !letterStringsFor(language) ? tr.languageName(language) : null;
    const personName = String(state.values.personName ?? '');
    const missing = (state.missing ?? []).map((fact) => ({ ...fact, ...whereToFill(fact.field, facts) }));
    // Each missing fact is also marked at its field, where the counsellor fills it in.
    const errors = { ...state.errors };
    for (const fact of missing) if (fact.anchor) errors[fact.anchor] ??= 'letters.missing.field';
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
        translationMissing,
        currencies,
        complaintRequests: COMPLAINT_REQUESTS,
      },
      { status },
    );
  }

  type ReadForm =
    | { ok: false; facts: LetterCaseFacts; body: Record<string, unknown>; kind: FormKind | undefined; errors: Record<string, string> }
    | { ok: true; facts: LetterCaseFacts; body: Record<string, unknown>; kind: FormKind; snapshot: LetterSnapshot };

  /** Parses the letter form; on success the snapshot of the letter's facts. */
  function readForm(request: FastifyRequest, kase: Case): ReadForm {
    const body = bodyOf(request);
    const facts = loadLetterFacts(db, kase, actorOf(request));
    const parsed = LetterForm.safeParse(body);
    if (!parsed.success) return { ok: false, facts, body, kind: NewLetterQuery.safeParse(body).data?.kind, errors: letterFieldErrors(parsed.error) };
    return { ok: true, facts, body, kind: parsed.data.kind, snapshot: snapshotFromForm(parsed.data, facts, request.now) };
  }

  app.register(async (r) => {
    r.addHook('preHandler', app.requireUser);

    r.get('/cases/:id/letters', async (request, reply) => listView(request, reply, caseFor(db, request.actor, caseIdOf(request), 'case.view')));

    r.get('/cases/:id/letters/new', async (request, reply) => {
      const kase = caseFor(db, request.actor, caseIdOf(request), 'case.letter');
      const query = NewLetterQuery.safeParse(request.query);
      if (!query.success) throw notFound();
      const facts = loadLetterFacts(db, kase, actorOf(request));
      return formView(reply, request, query.data.kind, facts, { values: prefillLetterForm(query.data.kind, facts, trOf(request), request.now) });
    });

    r.post('/cases/:id/letters/preview', async (request, reply) => {
      const kase = caseFor(db, request.actor, caseIdOf(request), 'case.letter');
      const form = readForm(request, kase);
      allowSameOriginFrame(reply);
      if (!form.kind) throw badRequest();
      if (!form.ok) return reply.view('letters/preview-problem', { errors: form.errors, missing: [] }, { status: 422 });
      try {
        const snapshot = minimiseSnapshot(form.kind, form.snapshot);
        const rendered = await renderLetterPdf(composeLetter(form.kind, snapshot));
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="${kase.reference}-preview.pdf"`)
          .send(rendered.pdf);
      } catch (error) {
        if (!(error instanceof MissingLetterFactsError)) throw error;
        return reply.view('letters/preview-problem', { errors: {}, missing: error.missing.map((fact) => ({ ...fact, ...whereToFill(fact.field, form.facts) })) }, { status: 422 });
      }
    });

    r.post('/cases/:id/letters/generate', async (request, reply) => {
      const kase = caseFor(db, request.actor, caseIdOf(request), 'case.letter');
      const form = readForm(request, kase);
      if (!form.kind) throw badRequest();
      const values = formValuesFromBody(form.body);
      if (!form.ok) return formView(reply, request, form.kind, form.facts, { values, errors: form.errors }, 422);
      try {
        const stored = await storeLetter(db, { kase, kind: form.kind, snapshot: form.snapshot, actorId: actorOf(request).id, clientAddress: request.ip }, request.now);
        return reply.redirect(`/cases/${kase.id}/letters?generated=${stored.id}`, 303);
      } catch (error) {
        if (!(error instanceof MissingLetterFactsError)) throw error;
        return formView(reply, request, form.kind, form.facts, { values, missing: error.missing }, 422);
      }
    });

    r.get('/cases/:id/documents/:docId/download', async (request, reply) => {
      const { doc, fileName } = documentForDownload(db, request.actor, caseIdOf(request), idOf(request, 'docId'), request.ip, request.now);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${fileName}"`).send(doc.pdf);
    });
  });
}
