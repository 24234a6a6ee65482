import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can } from '../auth/policy.js';
import { groupLetters } from '../batch-letters/batch-letters.service.js';
import { caseTypes, partyKinds, type CaseType } from '../cases/catalogue.js';
import { findContactPoint } from '../contact-points/contact-points.repo.js';
import type { Db } from '../db/client.js';
import { requestTranslator } from '../i18n/request.js';
import { searchParties } from '../parties/parties.repo.js';
import { actorOf, bodyOf, idOf } from '../plugins/request-context.js';
import { toCsv } from '../reports/csv.js';
import { AppError, notFound } from '../shared/errors.js';
import { fieldErrors, type FieldErrors } from '../shared/form.js';
import { isoDay } from '../people/people.schema.js';
import { parseId } from '../shared/ids.js';
import { conflictForm, type ConflictView } from '../shared/versions.js';
import { confirmSheet, dropStaged, previewSheet, stageSheet, stagedSheet } from './bulk-intake.service.js';
import * as repo from './collective.repo.js';
import { AddMembersForm, CollectiveEditPost, EntryForm, GroupPageQuery, LeaveForm, NewCollectiveForm, collectiveFields } from './collective.schema.js';
import {
  addMembers,
  addSharedEntry,
  collectiveFor,
  collectivePageData,
  createCollective,
  groupContactPointIds,
  leaveGroup,
  leavePageData,
  owedMinor,
  recordGroupExport,
  updateCollectiveDetails,
} from './collective.service.js';
import type { Collective } from './collective.table.js';
import { guessMapping, mappingProblem, MAX_SHEET_BYTES, MAX_SHEET_ROWS, readSheet, sheetFields, templateCsv, templateXlsx, type Mapping } from './sheet.js';

type Form = { values: Record<string, unknown>; errors: FieldErrors };
const blank: Form = { values: {}, errors: {} };
const notices = ['created', 'saved', 'unchanged', 'added', 'left', 'entryAdded', 'imported'] as const;
const Notice = z.object({ notice: z.enum(notices).optional() }).catch({});

const major = (minor: number | null) => (minor === null ? '' : (minor / 100).toFixed(2));

/** The column mapping as posted: `map.<column index>` → a field or ''; anything else is a malformed request. */
const MappingPost = (columns: number) =>
  z.record(z.string(), z.unknown()).transform((body, ctx): Mapping => {
    const out: Mapping = [];
    for (let i = 0; i < columns; i += 1) {
      const v = body[`map.${i}`] ?? '';
      if (v !== '' && !(sheetFields as readonly string[]).includes(String(v))) {
        ctx.addIssue({ code: 'custom', message: 'errors.badRequest' });
        return z.NEVER;
      }
      out.push(v as Mapping[number]);
    }
    return out;
  });

const TOO_LARGE = Symbol('too large');

export async function collectiveRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;
  const who = (request: FastifyRequest) => ({ actor: actorOf(request), clientAddress: request.ip, now: request.now });
  const today = (request: FastifyRequest) => isoDay({}, request.now);

  function showGroup(request: FastifyRequest, reply: FastifyReply, group: Collective, forms: { entry?: Form; members?: Form; leave?: Form } = {}, status = 200) {
    const data = collectivePageData(db, actorOf(request), group, request.ip, request.now, GroupPageQuery.parse(request.query ?? {}).page);
    const letters = can(actorOf(request), 'case.letter', { contactPointId: group.contactPointId }) ? groupLetters(db, group) : null;
    return reply.view(
      'collective/show',
      { ...data, letters, title: group.reference, notice: Notice.parse(request.query).notice, forms: { entry: forms.entry ?? blank, members: forms.members ?? blank, leave: forms.leave ?? blank }, owedMinor },
      // A page link of the member list (htmx, aimed at it) gets that list only; any other htmx request the whole page.
      { status, ...(request.headers['hx-target'] === 'group-members' ? { fragment: 'collective/_members' } : {}) },
    );
  }

  /** The leave page of one worker; with what was typed and its message after a refused post. */
  function leavePage(request: FastifyRequest, reply: FastifyReply, group: Collective, caseId: number, form: Form = blank, status = 200) {
    const data = leavePageData(db, actorOf(request), group, caseId, request.ip, request.now);
    return reply.view('collective/leave', { ...data, title: group.reference, values: form.values, errors: form.errors }, { status });
  }

  app.register(async (r) => {
    r.addHook('preHandler', app.requireUser);

    r.get('/collectives', async (request, reply) => {
      const actor = actorOf(request);
      if (!can(actor, 'case.list')) throw notFound();
      const cps = groupContactPointIds(actor);
      return reply.view('collective/index', { groups: repo.listCollectives(db, actor.contactPointIds.filter((id) => can(actor, 'case.view', { contactPointId: id }))), mayCreate: cps.length > 0 });
    });

    const newView = (request: FastifyRequest, values: Record<string, unknown>, errors: FieldErrors = {}) => {
      const actor = actorOf(request);
      const cps = groupContactPointIds(actor);
      const contactPointId = Number(values.contactPointId ?? cps[0]);
      const cp = cps.includes(contactPointId) ? contactPointId : cps[0];
      if (cp === undefined) throw notFound();
      const q = typeof values.partySearch === 'string' ? values.partySearch.trim().slice(0, 100) : '';
      return {
        
        values: { contactPointId: cp, ...values },
        errors,
        contactPoints: cps.map((id) => findContactPoint(db, id)).filter(Boolean),
        candidates: repo.candidateCases(db, cp),
        parties: q ? searchParties(db, q, 20) : [],
        partyKinds,
      };
    };

    r.get('/collectives/new', async (request, reply) => reply.view('collective/new', newView(request, (request.query ?? {}) as Record<string, unknown>)));

    r.post('/collectives', async (request, reply) => {
      const body = bodyOf(request);
      const parsed = NewCollectiveForm.safeParse(body);
      if (!parsed.success) return reply.view('collective/new', newView(request, body, fieldErrors(parsed.error)), { status: 422 });
      const group = await createCollective(db, parsed.data, who(request));
      return reply.redirect(`/collectives/${group.id}?notice=created`, 303);
    });

    r.get('/collectives/:id', async (request, reply) => showGroup(request, reply, collectiveFor(db, request.actor, idOf(request))));

    // ---- details (versioned: a stale form is a 409 that keeps what was typed)
    const editView = (group: Collective, values: Record<string, unknown>, errors: FieldErrors = {}, conflict: ConflictView | null = null) => ({ group, values, errors, conflict, title: group.reference });
    const formValues = (g: Collective) => ({ title: g.title, summary: g.summary, status: g.status, version: g.version });

    r.get('/collectives/:id/edit', async (request, reply) => {
      const group = collectiveFor(db, request.actor, idOf(request), 'case.update');
      return reply.view('collective/edit', editView(group, formValues(group)));
    });

    r.post('/collectives/:id/edit', async (request, reply) => {
      const group = collectiveFor(db, request.actor, idOf(request), 'case.update');
      const body = bodyOf(request);
      const parsed = CollectiveEditPost.safeParse(body);
      if (!parsed.success) return reply.view('collective/edit', editView(group, body, fieldErrors(parsed.error)), { status: 422 });
      const result = await updateCollectiveDetails(db, group.id, parsed.data.input, parsed.data.version, who(request));
      if (!result.ok) {
        const { values, conflict } = conflictForm(result, { current: formValues(result.current), typed: body, fields: collectiveFields });
        return reply.view('collective/edit', editView(result.current, values, {}, conflict), { status: 409 });
      }
      return reply.redirect(`/collectives/${group.id}?notice=${result.changed.length ? 'saved' : 'unchanged'}`, 303);
    });

    // ---- members
    r.post('/collectives/:id/members', async (request, reply) => {
      const group = collectiveFor(db, request.actor, idOf(request), 'case.update');
      const body = bodyOf(request);
      const parsed = AddMembersForm.safeParse(body);
      if (!parsed.success) return showGroup(request, reply, group, { members: { values: body, errors: fieldErrors(parsed.error) } }, 422);
      await addMembers(db, group.id, parsed.data.caseIds, who(request));
      return reply.redirect(`/collectives/${group.id}?notice=added`, 303);
    });

    r.get('/collectives/:id/members/:caseId/leave', async (request, reply) => {
      const group = collectiveFor(db, request.actor, idOf(request), 'case.update');
      return leavePage(request, reply, group, idOf(request, 'caseId'));
    });

    r.post('/collectives/:id/leave', async (request, reply) => {
      const group = collectiveFor(db, request.actor, idOf(request), 'case.update');
      const body = bodyOf(request);
      const parsed = LeaveForm.safeParse(body);
      if (!parsed.success) {
        const caseId = parseId(String(body.caseId ?? ''));
        const form = { values: body, errors: fieldErrors(parsed.error) };
        return caseId === null ? showGroup(request, reply, group, { leave: form }, 422) : leavePage(request, reply, group, caseId, form, 422);
      }
      await leaveGroup(db, group.id, parsed.data.caseId, parsed.data.reason, who(request));
      return reply.redirect(`/collectives/${group.id}?notice=left`, 303);
    });

    // ---- shared timeline entries
    r.post('/collectives/:id/entries', async (request, reply) => {
      const group = collectiveFor(db, request.actor, idOf(request), 'case.update');
      const body = bodyOf(request);
      const parsed = EntryForm.safeParse(body);
      if (!parsed.success) return showGroup(request, reply, group, { entry: { values: body, errors: fieldErrors(parsed.error) } }, 422);
      await addSharedEntry(db, group.id, parsed.data, who(request));
      return reply.redirect(`/collectives/${group.id}?notice=entryAdded#shared-entries`, 303);
    });

    // ---- the negotiators' export: every worker still in the group, amounts in the case's currency; audited
    r.get('/collectives/:id/export.csv', async (request, reply) => {
      const actor = actorOf(request);
      const group = collectiveFor(db, actor, idOf(request));
      const tr = requestTranslator(request);
      const rows = repo
        .membersOf(db, group.id)
        .filter((m) => m.leftAt === null)
        .map((m) => [
          m.reference,
          m.anonymisedAt !== null ? '' : (m.name ?? ''),
          m.anonymisedAt !== null ? '' : (m.alias ?? ''),
          tr.t(`cases.statuses.${m.status}`),
          m.currency ?? '',
          major(m.amountClaimedMinor),
          major(m.amountRecoveredMinor),
          m.amountClaimedMinor === null ? '' : major(owedMinor(m)),
        ]);
      recordGroupExport(db, actor, group, request.ip, request.now);
      const header = ['reference', 'name', 'alias', 'status', 'currency', 'claimed', 'recovered', 'owed'].map((c) => tr.t(`collective.export.${c}`));
      return reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${group.reference}.csv"`)
        .send(toCsv(header, rows));
    });

    // ---- bulk intake: template, upload → mapping → preview → confirm
    r.get('/collectives/template.csv', async (request, reply) => {
      if (!can(actorOf(request), 'case.list')) throw notFound();
      return reply.header('Content-Type', 'text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="workers-template.csv"').send(templateCsv());
    });
    r.get('/collectives/template.xlsx', async (request, reply) => {
      if (!can(actorOf(request), 'case.list')) throw notFound();
      return reply
        .header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('Content-Disposition', 'attachment; filename="workers-template.xlsx"')
        .send(await templateXlsx());
    });

    const uploadView = (request: FastifyRequest, group: Collective, error: string | null = null, caseType: string = 'wage_theft') => ({
      
      group,
      error,
      caseType,
      caseTypes,
      maxMb: MAX_SHEET_BYTES / 1024 / 1024,
      maxRows: MAX_SHEET_ROWS,
    });

    r.get('/collectives/:id/import', async (request, reply) => {
      const group = collectiveFor(db, request.actor, idOf(request), 'case.update');
      return reply.view('collective/import', uploadView(request, group));
    });

    const mappingView = (request: FastifyRequest, group: Collective, token: string, mapping: Mapping, error: string | null = null) => {
      const s = stagedSheet(token, group.id, actorOf(request).id, request.now);
      return { group, token, headers: s.sheet.headers, sample: s.sheet.rows.slice(0, 3), rowCount: s.sheet.rows.length, mapping, sheetFields, error };
    };

    r.get('/collectives/:id/import/:token', async (request, reply) => {
      const group = collectiveFor(db, request.actor, idOf(request), 'case.update');
      const token = tokenOf(request);
      const s = stagedSheet(token, group.id, actorOf(request).id, request.now);
      return reply.view('collective/mapping', mappingView(request, group, token, guessMapping(s.sheet.headers)));
    });

    const previewView = (request: FastifyRequest, group: Collective, token: string, mapping: Mapping) => {
      const s = stagedSheet(token, group.id, actorOf(request).id, request.now);
      return { group, token, mapping, headers: s.sheet.headers, preview: previewSheet(db, group.contactPointId, s.sheet, mapping, today(request)), caseType: s.caseType };
    };

    r.post('/collectives/:id/import/:token/preview', async (request, reply) => {
      const group = collectiveFor(db, request.actor, idOf(request), 'case.update');
      const token = tokenOf(request);
      const s = stagedSheet(token, group.id, actorOf(request).id, request.now);
      const mapping = MappingPost(s.sheet.headers.length).safeParse(bodyOf(request));
      if (!mapping.success) throw new AppError(400, 'errors.badRequest');
      const problem = mappingProblem(mapping.data);
      if (problem) return reply.view('collective/mapping', mappingView(request, group, token, mapping.data, problem), { status: 422 });
      return reply.view('collective/preview', previewView(request, group, token, mapping.data));
    });

    r.post('/collectives/:id/import/:token/confirm', async (request, reply) => {
      const group = collectiveFor(db, request.actor, idOf(request), 'case.update');
      const token = tokenOf(request);
      const s = stagedSheet(token, group.id, actorOf(request).id, request.now);
      const body = bodyOf(request);
      const mapping = MappingPost(s.sheet.headers.length).safeParse(body);
      if (!mapping.success) throw new AppError(400, 'errors.badRequest');
      const problem = mappingProblem(mapping.data);
      if (problem) return reply.view('collective/mapping', mappingView(request, group, token, mapping.data, problem), { status: 422 });
      // Rows whose likely duplicate the counsellor chose not to link: a new person for each.
      const createNew = new Set([body.createNew ?? []].flat().map(Number).filter(Number.isSafeInteger));
      const result = await confirmSheet(db, group.id, s, mapping.data, createNew, who(request), today(request));
      dropStaged(token);
      return reply.redirect(`/collectives/${group.id}?notice=imported&created=${result.created}&linked=${result.linked}&skipped=${result.skipped}`, 303);
    });

    // The upload: multipart in this scope only, the file read whole into memory under a hard limit (a sheet of
    // 5 MB is tens of thousands of rows). Who may upload is settled before a byte of the body is read.
    r.register(async (upload) => {
      upload.addHook('preValidation', app.requireUser);
      await upload.register(fastifyMultipart, {
        attachFieldsToBody: 'keyValues',
        limits: { fileSize: MAX_SHEET_BYTES, files: 1, fields: 10, parts: 12 },
        // Past the limit busboy stops keeping the file and marks it truncated: the route answers with the upload page.
        throwFileSizeLimit: false,
        async onFile(part) {
          const buffer = await part.toBuffer();
          (part as unknown as { value: unknown }).value = part.file.truncated ? TOO_LARGE : buffer;
        },
      });
      upload.post('/collectives/:id/import', async (request, reply) => {
        const group = collectiveFor(db, request.actor, idOf(request), 'case.update');
        const body = (request.body ?? {}) as Record<string, unknown>;
        const caseType = (caseTypes as readonly string[]).includes(String(body.caseType)) ? (body.caseType as CaseType) : 'wage_theft';
        const file = body.sheet;
        if (file === TOO_LARGE) return reply.view('collective/import', uploadView(request, group, 'collective.import.errors.tooLarge', caseType), { status: 413 });
        if (!Buffer.isBuffer(file)) return reply.view('collective/import', uploadView(request, group, 'collective.import.errors.noFile', caseType), { status: 422 });
        const read = await readSheet(file);
        if (!read.ok) return reply.view('collective/import', uploadView(request, group, `collective.import.errors.${read.problem}`, caseType), { status: read.problem === 'unpackedTooLarge' ? 413 : 422 });
        const token = stageSheet(group.id, actorOf(request).id, read.sheet, caseType, request.now);
        return reply.redirect(`/collectives/${group.id}/import/${token}`, 303);
      });
    });
  });
}

const TOKEN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
function tokenOf(request: FastifyRequest): string {
  const token = (request.params as Record<string, unknown>).token;
  if (typeof token !== 'string' || !TOKEN.test(token)) throw notFound();
  return token;
}
