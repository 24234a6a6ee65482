import { regionOnForm } from '../deadlines/regions.js';
import { fieldErrors } from '../shared/form.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { receiveEntryWithFiles, type EvidenceSettings, type UploadRefusal } from '../evidence/evidence.service.js';
import { acceptUploads } from '../evidence/uploads.js';
import { actorOf, bodyOf, caseIdOf } from '../plugins/request-context.js';
import { isFragmentRequest } from '../plugins/views.js';
import { AppError } from '../shared/errors.js';
import type { FieldErrors } from '../shared/form.js';
import { conflictForm, type ConflictView } from '../shared/versions.js';
import { AssignForm, CaseEditPost, MoveField, TimelineEntryForm, TimelineQuery, caseFields, moveForms, type MoveInput } from './case-page.schema.js';
import {
  addTimelineEntry,
  assertMoveAllowed,
  assignCase,
  caseHeader,
  casePageData,
  editableValues,
  moveCase,
  olderTimelineData,
  recordCaseView,
  updateCaseDetails,
} from './case-page.service.js';
import { caseTypes, currencies, gcmObjectives, outcomes, priorities, sectors } from './catalogue.js';
import { caseTypesOf } from './cases.repo.js';
import { caseFor } from './cases.service.js';
import type { Case } from './cases.table.js';
import { moves } from './lifecycle.js';

type Form = { values: Record<string, unknown>; errors: FieldErrors };
/** The forms of the case page: only the one that failed carries values and messages (and a file refused, why). */
type Forms = { entry?: Form & { added?: boolean; refusal?: UploadRefusal }; move?: Form & { move: string }; assign?: Form };

const blank: Form = { values: {}, errors: {} };

const notices = ['saved', 'unchanged', 'entryAdded', 'assigned', 'holdSet', 'holdCleared', 'created', 'partyLinked', 'transferAccepted', ...moves.map((m) => `moved.${m}` as const)] as const;
const Notice = z.object({ notice: z.enum(notices).optional() }).catch({});

/** The form shows money as typed in major units; the database keeps minor units. */
const major = (minor: number | null) => (minor === null ? '' : (minor / 100).toFixed(2));

export async function casePageRoutes(app: FastifyInstance, opts: { db: Db; evidence: EvidenceSettings }) {
  const { db, evidence } = opts;
  const uploadLimits = { file: evidence.maxFileBytes, case: evidence.maxCaseBytes };

  /** The case page (or, for htmx, `fragment`); every showing of case content is an audited view. */
  function showCase(request: FastifyRequest, reply: FastifyReply, kase: Case, forms: Forms = {}, o: { status?: number; fragment?: string } = {}) {
    const actor = actorOf(request);
    // A form fragment sent back with its messages shows nothing of the case; the page and the timeline do.
    if (!isFragmentRequest(request) || o.fragment === 'cases/_timeline') recordCaseView(db, actor, kase, request.ip, request.now);
    const data = casePageData(db, actor, kase, request.now);
    return reply.view(
      'cases/show',
      {
        ...data,
        title: data.kase.reference,
        notice: Notice.parse(request.query).notice,
        forms: { entry: forms.entry ?? blank, move: forms.move ?? { ...blank, move: '' }, assign: forms.assign ?? blank },
        catalogue: { outcomes, currencies },
        limits: uploadLimits,
      },
      o,
    );
  }

  app.register(async (r) => {
    r.addHook('preHandler', app.requireUser);

    r.get('/cases/:id', async (request, reply) => showCase(request, reply, caseFor(db, request.actor, caseIdOf(request), 'case.view')));

    // The latest entries (the timeline section of the case page), or with ?before= the next older page: a page of
    // its own without JavaScript, for htmx the entries to append and the next "Show older entries" control.
    r.get('/cases/:id/timeline', async (request, reply) => {
      const kase = caseFor(db, request.actor, caseIdOf(request), 'case.view');
      const query = TimelineQuery.safeParse(request.query);
      if (!query.success) throw new AppError(400, 'errors.badRequest');
      if (!query.data.before) return showCase(request, reply, kase, {}, { fragment: 'cases/_timeline' });
      // Older entries are case content like the page they extend: each showing is an audited view.
      recordCaseView(db, actorOf(request), kase, request.ip, request.now);
      const data = olderTimelineData(db, actorOf(request), kase, query.data.before);
      return reply.view('cases/timeline', data, { fragment: 'cases/_timeline_older' });
    });

    // ---- notes, calls, meetings; the form is multipart, to carry the files attached to the entry (src/evidence).
    await r.register(async (u) => {
      // The entry's text is at most 10,000 characters, 40,000 bytes of UTF-8 (acceptUploads' rule: four times).
      const partsOf = await acceptUploads(u, { maxFileBytes: evidence.maxFileBytes, fieldBytes: 64 * 1024 });
      u.post('/cases/:id/notes', async (request, reply) => {
        const id = caseIdOf(request);
        const kase = caseFor(db, request.actor, id, 'case.update');
        let event: Awaited<ReturnType<typeof addTimelineEntry>>;
        let attached = 0;
        if (request.isMultipart()) {
          const result = await receiveEntryWithFiles(db, evidence, actorOf(request), kase, partsOf(request), request.ip, request.now);
          if (!result.ok) {
            // The form again as typed, with the field messages, or the file refused and why; nothing was saved.
            const refusal = result.messageKey === 'evidence.errors.fields' ? undefined : result;
            return showCase(request, reply, kase, { entry: { values: result.values, errors: result.errors, refusal } }, { status: result.status, fragment: 'cases/_entry_form' });
          }
          ({ event, attached } = result);
        } else {
          const body = bodyOf(request);
          const parsed = TimelineEntryForm(request.now).safeParse(body);
          if (!parsed.success)
            return showCase(request, reply, kase, { entry: { values: body, errors: fieldErrors(parsed.error) } }, { status: 422, fragment: 'cases/_entry_form' });
          event = await addTimelineEntry(db, actorOf(request), id, parsed.data, request.ip, request.now);
        }
        if (!isFragmentRequest(request)) return reply.redirect(`/cases/${id}?notice=entryAdded#timeline`, 303);
        // htmx: a fresh form in place of the one sent, the new entry put at the top of the timeline, and (when files
        // came with it) the evidence card, reloaded.
        const data = casePageData(db, actorOf(request), kase, request.now);
        return reply.view('cases/_entry_added', { ...data, event, attached, limits: uploadLimits, forms: { entry: { ...blank, added: true } } });
      });
    });

    // ---- details
    const editView = (kase: Case, values: Record<string, unknown>, errors: FieldErrors = {}, conflict: ConflictView | null = null) => ({
      kase,
      values,
      errors,
      conflict,
      title: kase.reference,
      catalogue: { caseTypes, sectors, priorities, currencies, gcmObjectives },
      legacyRegion: regionOnForm(kase.jurisdictionCountry, kase.jurisdictionRegion).legacy,
      ...caseHeader(db, kase),
    });
    /** The case as the edit form shows it: amounts typed in major units, the region as its select names it, and the version the form is loaded at. */
    const formValues = (kase: Case) => {
      const v = editableValues(kase, caseTypesOf(db, kase.id));
      const region = regionOnForm(kase.jurisdictionCountry, kase.jurisdictionRegion).value;
      return { ...v, jurisdictionRegion: region, amountClaimed: major(v.amountClaimed), amountRecovered: major(v.amountRecovered), version: kase.version };
    };

    r.get('/cases/:id/edit', async (request, reply) => {
      const kase = caseFor(db, request.actor, caseIdOf(request), 'case.update');
      if (kase.status === 'closed') throw new AppError(409, 'casePage.errors.editClosed');
      recordCaseView(db, actorOf(request), kase, request.ip, request.now);
      return reply.view('cases/edit', editView(kase, formValues(kase)));
    });

    r.post('/cases/:id/edit', async (request, reply) => {
      const id = caseIdOf(request);
      const kase = caseFor(db, request.actor, id, 'case.update');
      if (kase.status === 'closed') throw new AppError(409, 'casePage.errors.editClosed');
      const body = bodyOf(request);
      const parsed = CaseEditPost.safeParse(body);
      if (!parsed.success) return reply.view('cases/edit', editView(kase, body, fieldErrors(parsed.error)), { status: 422 });
      const result = await updateCaseDetails(db, actorOf(request), id, parsed.data.input, parsed.data.version, request.ip, request.now);
      if (!result.ok) {
        // Someone changed the case since the form was loaded: nothing saved; the form again, as typed, with what changed.
        const { values, conflict } = conflictForm(result, { current: formValues(result.current), typed: body, fields: caseFields });
        return reply.view('cases/edit', editView(result.current, values, {}, conflict), { status: 409 });
      }
      return reply.redirect(`/cases/${id}?notice=${result.changed.length ? 'saved' : 'unchanged'}`, 303);
    });

    // ---- lifecycle
    r.post('/cases/:id/status', async (request, reply) => {
      const id = caseIdOf(request);
      const kase = caseFor(db, request.actor, id, 'case.view');
      const body = bodyOf(request);
      const which = MoveField.safeParse(body);
      if (!which.success) throw new AppError(400, 'errors.badRequest');
      const { move } = which.data;
      assertMoveAllowed(db, actorOf(request), kase, move, request.now);
      const parsed = moveForms[move].safeParse(body);
      if (!parsed.success) return showCase(request, reply, kase, { move: { move, values: body, errors: fieldErrors(parsed.error) } }, { status: 422 });
      await moveCase(db, actorOf(request), id, move, parsed.data as MoveInput, request.ip, request.now);
      return reply.redirect(`/cases/${id}?notice=moved.${move}`, 303);
    });

    // ---- assignment
    r.post('/cases/:id/assign', async (request, reply) => {
      const id = caseIdOf(request);
      const kase = caseFor(db, request.actor, id, 'case.view');
      const body = bodyOf(request);
      const parsed = AssignForm.safeParse(body);
      if (!parsed.success) return showCase(request, reply, kase, { assign: { values: body, errors: fieldErrors(parsed.error) } }, { status: 422 });
      const result = await assignCase(db, actorOf(request), id, parsed.data.assignee, request.ip, request.now);
      if (!result.ok) return showCase(request, reply, kase, { assign: { values: body, errors: { assignee: result.error } } }, { status: 422 });
      return reply.redirect(`/cases/${id}?notice=${result.changed ? 'assigned' : 'unchanged'}`, 303);
    });
  });
}
