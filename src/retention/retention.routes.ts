import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { caseHeader } from '../cases/case-page.service.js';
import { caseFor } from '../cases/cases.service.js';
import type { Case } from '../cases/cases.table.js';
import type { Db } from '../db/client.js';
import { personFor } from '../people/people.service.js';
import type { Person } from '../people/people.table.js';
import { actorOf, bodyOf, caseIdOf, idOf } from '../plugins/request-context.js';
import { AppError } from '../shared/errors.js';
import { fieldErrors, type FieldErrors } from '../shared/form.js';
import { conflictForm, type ConflictView } from '../shared/versions.js';
import { assertMayErase, erasePerson, erasurePageData } from './erasure.service.js';
import { assertMayHold, changeLegalHold } from './legal-hold.service.js';
import { CaseTypeParam, EraseForm, HoldForm, PeriodForm, periodFields } from './retention.schema.js';
import { anonymisedCaseCount, dueWithin, periodSetting, recentRuns, periodSettings, savePeriod, type PeriodSetting } from './retention.service.js';

type Body = Record<string, unknown>;
const Notice = z.object({ notice: z.enum(['saved', 'unchanged']).optional() }).catch({});

export async function retentionRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;

  // ---- the administrator's settings and what falls due (metadata only: references, types, dates)
  app.register(async (r) => {
    r.addHook('preHandler', app.requireUser);
    r.addHook('preHandler', app.requirePermission('retention.manage'));

    r.get('/admin/retention', async (request, reply) => {
      const due = await dueWithin(db, request.now, 30);
      return reply.view('admin/retention/index', {
        settings: periodSettings(db),
        due,
        runs: recentRuns(db),
        anonymised: anonymisedCaseCount(db),
        notice: Notice.parse(request.query).notice,
      });
    });

    const caseTypeOf = (params: unknown) => {
      const parsed = CaseTypeParam.safeParse(params);
      if (!parsed.success) throw new AppError(404, 'errors.notFound');
      return parsed.data.caseType;
    };
    const valuesOf = (s: PeriodSetting) => ({ months: String(s.months), version: String(s.version) });
    const editPage = (reply: FastifyReply, setting: PeriodSetting, values: Body, errors: FieldErrors, status?: number, conflict: ConflictView | null = null) =>
      reply.view('admin/retention/edit', { setting, values, errors, conflict }, { status });

    r.get('/admin/retention/:caseType', async (request, reply) => {
      const setting = periodSetting(db, caseTypeOf(request.params));
      return editPage(reply, setting, valuesOf(setting), {});
    });

    r.post('/admin/retention/:caseType', async (request, reply) => {
      const caseType = caseTypeOf(request.params);
      const body = bodyOf(request);
      const parsed = PeriodForm.safeParse(body);
      if (!parsed.success) return editPage(reply, periodSetting(db, caseType), body, fieldErrors(parsed.error), 422);
      const result = await savePeriod(db, actorOf(request).id, caseType, parsed.data.input.months, parsed.data.version, request.ip, request.now);
      if (!result.ok) {
        const { values, conflict } = conflictForm(result, { current: valuesOf(result.current), typed: body, fields: periodFields });
        return editPage(reply, result.current, values, {}, 409, conflict);
      }
      return reply.redirect(`/admin/retention?notice=${result.changed ? 'saved' : 'unchanged'}`, 303);
    });
  });

  // ---- legal hold (a supervisor of the case's contact point) and erasure (of the person's)
  app.register(async (r) => {
    r.addHook('preHandler', app.requireUser);

    const holdPage = (reply: FastifyReply, kase: Case, values: Body, errors: FieldErrors, status?: number, stale = false) =>
      reply.view('retention/hold', { kase, ...caseHeader(db, kase), values, errors, stale }, { status });

    r.get('/cases/:id/legal-hold', async (request, reply) => {
      const kase = caseFor(db, request.actor, caseIdOf(request), 'case.view');
      assertMayHold(db, actorOf(request), kase, request.ip, request.now);
      if (kase.anonymisedAt !== null) throw new AppError(409, 'retention.errors.anonymisedCase');
      return holdPage(reply, kase, { version: String(kase.version) }, {});
    });

    r.post('/cases/:id/legal-hold', async (request, reply) => {
      const kase = caseFor(db, request.actor, caseIdOf(request), 'case.view');
      assertMayHold(db, actorOf(request), kase, request.ip, request.now);
      const body = bodyOf(request);
      const parsed = HoldForm.safeParse(body);
      if (!parsed.success) return holdPage(reply, kase, body, fieldErrors(parsed.error), 422);
      const { hold, reason } = parsed.data.input;
      const result = await changeLegalHold(db, actorOf(request), kase.id, { hold: hold === 'set', reason, version: parsed.data.version }, request.ip, request.now);
      // Changed since the page was opened: shown again as it is now, with what was typed, to submit deliberately.
      if (!result.ok) return holdPage(reply, result.current, { ...body, version: String(result.current.version) }, {}, 409, true);
      return reply.redirect(`/cases/${kase.id}?notice=${hold === 'set' ? 'holdSet' : 'holdCleared'}#legal-hold`, 303);
    });

    const erasePage = (reply: FastifyReply, person: Person, values: Body, errors: FieldErrors, status?: number) =>
      reply.view('retention/erase', { person, ...erasurePageData(db, person), values, errors }, { status });

    r.get('/people/:id/erase', async (request, reply) => {
      const person = personFor(db, request.actor, idOf(request), 'case.view');
      assertMayErase(db, actorOf(request), person, request.ip, request.now);
      return erasePage(reply, person, {}, {});
    });

    r.post('/people/:id/erase', async (request, reply) => {
      const person = personFor(db, request.actor, idOf(request), 'case.view');
      assertMayErase(db, actorOf(request), person, request.ip, request.now);
      if (person.anonymisedFor === 'erasure') throw new AppError(409, 'retention.erase.already');
      const body = bodyOf(request);
      const parsed = EraseForm(person.id).safeParse(body);
      if (!parsed.success) return erasePage(reply, person, body, fieldErrors(parsed.error), 422);
      const result = await erasePerson(db, actorOf(request), person.id, parsed.data.reason, request.ip, request.now, app.log);
      // A case was put on legal hold meanwhile: nothing erased, the page says which.
      if (!result.ok) return erasePage(reply, person, body, { _form: 'retention.erase.held' }, 409);
      return reply.redirect(`/people/${person.id}?notice=erased`, 303);
    });
  });
}
