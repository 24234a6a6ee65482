import { deadlineTexts } from './step-text.js';
import { requestLocale, requestTranslator } from '../i18n/request.js';
import { fieldErrors } from '../shared/form.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can, type Actor } from '../auth/policy.js';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { actorOf, bodyOf, caseIdOf, idOf, userOf } from '../plugins/request-context.js';
import { isFragmentRequest } from '../plugins/views.js';
import { notFound } from '../shared/errors.js';
import { conflictForm, type ConflictView } from '../shared/versions.js';
import { activeFeed, createFeed, feedCalendar, revokeFeed } from './calendar.service.js';
import { computeFromCatalogue, inputFieldsFor, todayIn, ruleTriggerField, ruleVersions } from './compute.js';
import {
  EditDeadlineForm,
  EditProposalForm,
  ListQuery,
  ManualDeadlineForm,
  NewVersionForm,
  ProposalForm,
  RuleParam,
  StatusForm,
  VersionDatesForm,
} from './deadlines.schema.js';
import {
  addManualDeadline,
  caseDeadlinesView,
  caseIdOfDeadline,
  confirmProposal,
  deadlineList,
  dismissProposal,
  displayVersion,
  editDeadline,
  recomputeDeadline,
  saveTriggerDates,
  setDeadlineStatus,
  userTimeZone,
  type ActorRef,
} from './deadlines.service.js';
import { triggerField } from './rules.data.js';
import { regionChoices } from './regions.js';
import { findContactPoint } from '../contact-points/contact-points.repo.js';
import { localHolidaysOf } from '../contact-points/contact-point-holidays.repo.js';
import { regionProblem } from '../contact-points/contact-points.schema.js';
import { addRuleVersion, changeVersionDates, effectiveCatalogue, ruleChangeLog, uncheckedVersions, type CheckFlag } from './rules.service.js';
import type { DeadlineRule } from './rules.schema.js';

/** A message from a form: a translation key of ours, or the catalogue's plain English (already final). */
function messages(request: FastifyRequest) {
  const { t } = requestTranslator(request);
  return (m: string | undefined | null) => (!m ? '' : /^(deadlines|validation|errors)\./.test(m) ? t(m) : m);
}

const who = (request: FastifyRequest): ActorRef => ({ actor: actorOf(request), clientAddress: request.ip });

type CaseForm = { form: string; errors: Record<string, string>; values: Record<string, unknown>; conflict?: ConflictView };

const caseNotices = ['triggers', 'confirmed', 'dismissed', 'added', 'status', 'edited', 'recomputed'] as const;

export async function deadlineRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const { db, config } = opts;

  // ——— On the case ———

  function renderCase(request: FastifyRequest, reply: FastifyReply, caseId: number, extra: { form?: CaseForm; notice?: string } = {}, status?: number) {
    const view = caseDeadlinesView(db, actorOf(request), caseId, request.now, deadlineTexts(requestTranslator(request)).say);
    return reply.view('cases/deadlines', { ...view, msg: messages(request), form: extra.form ?? null, notice: extra.notice ?? null }, { fragment: 'cases/_deadlines', status });
  }

  const backToCase = (reply: FastifyReply, id: number, notice: (typeof caseNotices)[number]) => reply.redirect(`/cases/${id}/deadlines?notice=${notice}`, 303);

  app.register(async (cases) => {
    cases.addHook('preHandler', app.requireUser);

    cases.get('/cases/:id/deadlines', async (request, reply) => {
      const notice = (request.query as Record<string, unknown>).notice;
      return renderCase(request, reply, caseIdOf(request), { notice: caseNotices.find((n) => n === notice) });
    });

    cases.post('/cases/:id/deadlines/triggers', async (request, reply) => {
      const id = caseIdOf(request);
      const result = await saveTriggerDates(db, who(request), id, bodyOf(request), request.now, deadlineTexts(requestTranslator(request)).say);
      if (!result.ok) return renderCase(request, reply, id, { form: { form: 'triggers', errors: result.errors, values: bodyOf(request) } }, 422);
      return backToCase(reply, id, 'triggers');
    });

    cases.post('/cases/:id/deadlines/confirm', async (request, reply) => {
      const id = caseIdOf(request);
      const parsed = ProposalForm.safeParse(bodyOf(request));
      const result = parsed.success ? await confirmProposal(db, who(request), id, parsed.data, request.now) : { ok: false as const, errors: fieldErrors(parsed.error) };
      if (!result.ok) return renderCase(request, reply, id, { form: { form: `proposal:${String(bodyOf(request).ruleId)}`, errors: result.errors, values: bodyOf(request) } }, 422);
      return backToCase(reply, id, 'confirmed');
    });

    cases.post('/cases/:id/deadlines/edit-proposal', async (request, reply) => {
      const id = caseIdOf(request);
      const parsed = EditProposalForm.safeParse(bodyOf(request));
      const result = parsed.success ? await confirmProposal(db, who(request), id, parsed.data, request.now) : { ok: false as const, errors: fieldErrors(parsed.error) };
      if (!result.ok) return renderCase(request, reply, id, { form: { form: `proposal:${String(bodyOf(request).ruleId)}`, errors: result.errors, values: bodyOf(request) } }, 422);
      return backToCase(reply, id, 'confirmed');
    });

    cases.post('/cases/:id/deadlines/dismiss', async (request, reply) => {
      const id = caseIdOf(request);
      const parsed = ProposalForm.safeParse(bodyOf(request));
      const result = parsed.success ? await dismissProposal(db, who(request), id, parsed.data, request.now) : { ok: false as const, errors: fieldErrors(parsed.error) };
      if (!result.ok) return renderCase(request, reply, id, { form: { form: `proposal:${String(bodyOf(request).ruleId)}`, errors: result.errors, values: bodyOf(request) } }, 422);
      return backToCase(reply, id, 'dismissed');
    });

    cases.post('/cases/:id/deadlines/manual', async (request, reply) => {
      const id = caseIdOf(request);
      const parsed = ManualDeadlineForm.safeParse(bodyOf(request));
      const result = parsed.success ? await addManualDeadline(db, who(request), id, parsed.data, request.now) : { ok: false as const, errors: fieldErrors(parsed.error) };
      if (!result.ok) return renderCase(request, reply, id, { form: { form: 'manual', errors: result.errors, values: bodyOf(request) } }, 422);
      return backToCase(reply, id, 'added');
    });
  });

  // ——— One deadline (from the case, the list or the dashboard) ———

  app.register(async (one) => {
    one.addHook('preHandler', app.requireUser);

    one.post('/deadlines/:id/status', async (request, reply) => {
      const id = idOf(request);
      const parsed = StatusForm.safeParse(bodyOf(request));
      const kaseId = caseIdOfDeadline(db, actorOf(request), id);
      // A cancel without its reason comes back to the case page with the cancel form open and the message at it.
      const cancelling = bodyOf(request).status === 'cancelled';
      if (!parsed.success) return renderCase(request, reply, kaseId, { form: { form: `${cancelling ? 'cancel' : 'deadline'}:${id}`, errors: fieldErrors(parsed.error), values: bodyOf(request) } }, 422);
      const updated = await setDeadlineStatus(db, who(request), id, parsed.data.status, request.now, parsed.data.reason);
      const { context } = parsed.data;
      if (context === 'case') return backToCase(reply, kaseId, 'status');
      // The dashboard and the list swap only the item that changed; without htmx, back to the page.
      if (isFragmentRequest(request)) return reply.view('deadlines/_status-done', { deadline: updated, context, caseId: kaseId });
      return reply.redirect(context === 'list' ? '/deadlines?notice=status' : '/?notice=deadlineStatus', 303);
    });

    one.post('/deadlines/:id/edit', async (request, reply) => {
      const id = idOf(request);
      const kaseId = caseIdOfDeadline(db, actorOf(request), id);
      const parsed = EditDeadlineForm.safeParse(bodyOf(request));
      if (!parsed.success) return renderCase(request, reply, kaseId, { form: { form: `deadline:${id}`, errors: fieldErrors(parsed.error), values: bodyOf(request) } }, 422);
      const result = await editDeadline(db, who(request), id, parsed.data.input, parsed.data.version, request.now);
      if (!result.ok) {
        // The deadline changed since the page was loaded: the date form open again, as typed, with what changed.
        const current = { dueDate: result.current.dueDate, reason: result.current.editReason ?? '' };
        const { values, conflict } = conflictForm(result, { current, typed: bodyOf(request), fields: ['dueDate', 'reason'], aliases: { editReason: 'reason' } });
        return renderCase(request, reply, kaseId, { form: { form: `deadline:${id}`, errors: {}, values, conflict } }, 409);
      }
      return backToCase(reply, kaseId, 'edited');
    });

    one.post('/deadlines/:id/recompute', async (request, reply) => {
      const id = idOf(request);
      const kaseId = caseIdOfDeadline(db, actorOf(request), id);
      const result = await recomputeDeadline(db, who(request), id, request.now);
      if (!result.ok) return renderCase(request, reply, kaseId, { form: { form: `deadline:${id}`, errors: result.errors, values: {} } }, 422);
      return backToCase(reply, kaseId, 'recomputed');
    });
  });

  // ——— The calculator: every signed-in user ———

/**
 * The region a calculation counts holidays in: region= when given (a region of the rule's country the calendars
 * know, else a message), else the user's home contact point's when it is in the rule's country. The home contact
 * point's local holidays count when the calculation is for its own place. `choices`: the regions to offer, only for
 * a rule whose calendar is regional and that has no region of its own.
 */
function calculatorPlace(db: Db, actor: Actor, rule: DeadlineRule, asked: string, lang: string) {
  const country = rule.jurisdiction.country;
  const regional = rule.businessDays?.holidays === 'regional' && rule.jurisdiction.region === null;
  const choices = regional ? regionChoices(country, lang) : null;
  const home = actor.contactPointIds[0] === undefined ? undefined : findContactPoint(db, actor.contactPointIds[0]);
  if (asked !== '') {
    const problem = regionProblem(country, asked);
    if (problem) return { region: null, localHolidays: [], choices, problem: problem === 'validation.regionOtherCountry' ? 'deadlines.calculator.regionOtherCountry' : 'deadlines.calculator.regionUnknown' };
  }
  const region = asked !== '' ? asked : home && home.country === country ? home.region : null;
  const atHome = !!home && home.country === country && (home.region ?? null) === (region ?? null);
  return { region, localHolidays: atHome ? localHolidaysOf(db, home.id).map((h) => ({ date: h.date, name: h.name })) : [], choices, problem: null };
}

  app.get('/deadlines/calculator', { preHandler: [app.requireUser, app.requirePermission('deadlines.calculator')] }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined);
    const catalogue = effectiveCatalogue(db);
    const today = todayIn(userTimeZone(db, actorOf(request)), request.now);
    const ruleIds = [...new Set(catalogue.map((r) => r.id))];
    const ruleId = str(query.rule);
    const values = { rule: ruleId ?? '', trigger: str(query.trigger) ?? '', day_a: str(query.day_a) ?? '', day_b: str(query.day_b) ?? '', cap: str(query.cap) ?? '', region: (str(query.region) ?? '').trim().toUpperCase() };
    // Each rule is named by the version in force today: the 6-month ERA 2025 limits are recorded but not yet in force.
    const named = ruleIds.map((id) => displayVersion(catalogue, id, today));
    const rule = named.find((r) => r.id === ruleId) ?? null;
    // One group per country of the catalogue, in catalogue order (an administrator's new country gets its own).
    const groups = [...new Set(named.map((r) => r.jurisdiction.country))].map((country) => ({ country, rules: named.filter((r) => r.jurisdiction.country === country) }));
    const place = rule ? calculatorPlace(db, actorOf(request), rule, values.region, requestLocale(request)) : null;
    if (place && !place.problem) values.region = place.region ?? '';

    // A rule's alternative period (us-eeoc-charge: deferral=1) is chosen by its key in the URL.
    const alternativePeriod = rule?.alternativePeriod ? str(query[rule.alternativePeriod.key]) === '1' : false;
    let result = null;
    let errors: Record<string, string> = {};
    // A rule chosen from the list (htmx, or a bookmark without dates) shows its fields; a submitted form computes.
    const submitted = values.trigger !== '' || str(query.go) !== undefined;
    if (ruleId !== undefined && ruleId !== '' && !rule) errors = { rule: 'deadlines.calculator.unknownRule' };
    else if (place?.problem) errors = { region: place.problem };
    else if (rule && submitted) {
      const inputs: Record<string, string> = { [rule.trigger]: values.trigger };
      if (rule.acasStopTheClock) Object.assign(inputs, { acas_day_a: values.day_a, acas_day_b: values.day_b });
      if (rule.cappedBy) inputs[rule.cappedBy] = values.cap;
      const computed = computeFromCatalogue(rule.id, inputs, { today, catalogue, alternativePeriod, region: place?.region ?? null, localHolidays: place?.localHolidays ?? [], say: deadlineTexts(requestTranslator(request)).say });
      if (computed.ok) result = computed.result;
      else {
        // The calculator's fields are named for the URL (trigger, day_a, day_b, cap), not by trigger field.
        const rename: Record<string, string> = { [rule.trigger]: 'trigger', acas_day_a: 'day_a', acas_day_b: 'day_b', ...(rule.cappedBy ? { [rule.cappedBy]: 'cap' } : {}) };
        errors = Object.fromEntries(Object.entries(computed.errors).map(([k, v]) => [rename[k] ?? '_form', v]));
      }
    }
    const fields = rule
      ? {
          trigger: ruleTriggerField(rule),
          dayA: rule.acasStopTheClock ? triggerField('acas_day_a') : null,
          dayB: rule.acasStopTheClock ? triggerField('acas_day_b') : null,
          cap: rule.cappedBy ? triggerField(rule.cappedBy) : null,
        }
      : null;
    const status = Object.keys(errors).length ? 422 : undefined;
    // The link names the region used, so that a colleague at another desk gets the same calculation.
    const linked = { ...values, region: place?.choices ? (place.region ?? '') : '', ...(alternativePeriod && rule?.alternativePeriod ? { [rule.alternativePeriod.key]: '1' } : {}) };
    const link = new URLSearchParams(Object.entries(linked).filter(([, v]) => v !== '')).toString();
    return reply.view(
      'deadlines/calculator',
      { groups, rule, fields, values, alternativePeriod, result, errors, today, msg: messages(request), versions: rule ? ruleVersions(catalogue, rule.id) : [], query: link, regions: place?.choices ?? null },
      { fragment: 'deadlines/_calculator', status },
    );
  });

  // ——— The list, and the calendar feed: case workers ———

  app.register(async (list) => {
    list.addHook('preHandler', app.requireUser);
    list.addHook('preHandler', app.requirePermission('case.list'));

    list.get('/deadlines', async (request, reply) => {
      const query = ListQuery.parse(request.query ?? {});
      const actor = actorOf(request);
      const options = { ...query, owner: query.owner ?? (can(actor, 'supervision.view') ? 'all' : 'mine') } as const;
      const list = deadlineList(db, actor, options, request.now);
      return reply.view('deadlines/index', { ...list, options, msg: messages(request) }, { fragment: 'deadlines/_list' });
    });

    list.get('/deadlines/calendar', async (request, reply) => {
      const notice = (request.query as Record<string, unknown>).notice;
      return reply.view('deadlines/calendar', { feed: activeFeed(db, actorOf(request).id) ?? null, link: null, notice: notice === 'revoked' ? 'revoked' : null });
    });

    list.post('/deadlines/calendar', async (request, reply) => {
      const token = await createFeed(db, actorOf(request).id, request.ip, request.now);
      // Shown once, here: only its hash is stored.
      return reply.view('deadlines/calendar', { feed: activeFeed(db, actorOf(request).id) ?? null, link: `${config.baseUrl}/calendar/${token}.ics`, notice: null }, { status: 201 });
    });

    list.post('/deadlines/calendar/revoke', async (request, reply) => {
      await revokeFeed(db, actorOf(request).id, request.ip, request.now);
      return reply.redirect('/deadlines/calendar?notice=revoked', 303);
    });
  });

  // The feed is fetched by calendar apps without a session: the unguessable token is the credential. The logger
  // masks /calendar/<token> paths (logger.ts); guessing is slowed by the rate limit.
  app.get('/calendar/:file', { preHandler: app.rateLimit({ max: 60, timeWindow: '1 minute' }) }, async (request, reply) => {
    const file = (request.params as { file: string }).file;
    const match = /^(.+)\.ics$/.exec(file);
    const calendar = match ? feedCalendar(db, match[1]!, request.now) : null;
    if (calendar === null) throw notFound();
    return reply.type('text/calendar; charset=utf-8').header('Content-Disposition', 'inline; filename="uniondesk-deadlines.ics"').send(calendar);
  });

  // ——— Administration of the rule catalogue ———

  app.register(async (admin) => {
    admin.addHook('preHandler', app.requireUser);
    admin.addHook('preHandler', app.requirePermission('admin.rules'));

    const ruleOr404 = (request: FastifyRequest) => {
      const params = RuleParam.safeParse(request.params);
      if (!params.success) throw notFound();
      const versions = ruleVersions(effectiveCatalogue(db), params.data.ruleId);
      if (versions.length === 0) throw notFound();
      return versions;
    };
    const notice = (request: FastifyRequest) => {
      const n = (request.query as Record<string, unknown>).notice;
      return n === 'saved' || n === 'created' || n === 'ruleCreated' ? n : null;
    };

    admin.get('/admin/rules', async (request, reply) => {
      const catalogue = effectiveCatalogue(db);
      const ids = [...new Set(catalogue.map((r) => r.id))];
      const today = todayIn('UTC', request.now);
      const rules = ids.map((id) => ({ id, named: displayVersion(catalogue, id, today), versions: ruleVersions(catalogue, id) }));
      const unchecked = uncheckedVersions(catalogue, today);
      return reply.view('admin/rules/index', { rules, changes: ruleChangeLog(db), unchecked: checkFlags(unchecked), uncheckedCount: unchecked.length, notice: notice(request) });
    });

    admin.get('/admin/rules/:ruleId', async (request, reply) => {
      const versions = ruleOr404(request);
      const today = todayIn('UTC', request.now);
      const named = displayVersion(versions, versions[0]!.id, today);
      return reply.view('admin/rules/show', { versions, named, changes: ruleChangeLog(db), notice: notice(request), fields: (r: DeadlineRule) => inputFieldsFor(r), unchecked: checkFlags(uncheckedVersions(versions, today)) });
    });

    /** "Checked against the law now": today by the app's clock, by the administrator who saves. */
    const checkedNow = <T extends { markChecked: boolean }>(request: FastifyRequest, input: T) => {
      const { markChecked, ...rest } = input;
      return { ...rest, lastChecked: markChecked ? { on: todayIn('UTC', request.now), by: userOf(request).displayName } : null };
    };
    const checkFlags = (flags: CheckFlag[]) => new Map(flags.map((f) => [`${f.version.id}@${f.version.version}`, f]));

    const versionOr404 = (request: FastifyRequest) => {
      const params = RuleParam.safeParse(request.params);
      if (!params.success) throw notFound();
      const version = idOf(request, 'version');
      const versions = ruleVersions(effectiveCatalogue(db), params.data.ruleId);
      const rule = versions.find((v) => v.version === version);
      if (!rule) throw notFound();
      return { rule, versions };
    };

    admin.get('/admin/rules/:ruleId/versions/new', async (request, reply) => {
      const versions = ruleOr404(request);
      const latest = versions.at(-1)!;
      const values = {
        title: latest.title,
        periodAmount: latest.period?.amount ?? '',
        validFrom: '',
        validTo: '',
        explanation: latest.explanation,
        nonWorkingDays: latest.nonWorkingDays,
        citation: latest.source.citation,
        url: latest.source.url ?? '',
        toVerify: latest.toVerify ?? '',
        endPrevious: false,
        markChecked: true,
      };
      return reply.view('admin/rules/new-version', { latest, versions, values, errors: {}, msg: messages(request) });
    });

    admin.post('/admin/rules/:ruleId/versions', async (request, reply) => {
      const versions = ruleOr404(request);
      const latest = versions.at(-1)!;
      const parsed = NewVersionForm.safeParse(bodyOf(request));
      const result = parsed.success ? await addRuleVersion(db, latest.id, checkedNow(request, parsed.data), { id: actorOf(request).id, clientAddress: request.ip }, request.now) : { ok: false as const, errors: fieldErrors(parsed.error) };
      if (!result.ok && 'notFound' in result) throw notFound();
      if (!result.ok) return reply.view('admin/rules/new-version', { latest, versions, values: bodyOf(request), errors: result.errors, msg: messages(request) }, { status: 422 });
      return reply.redirect(`/admin/rules/${latest.id}?notice=created`, 303);
    });

    admin.get('/admin/rules/:ruleId/versions/:version', async (request, reply) => {
      const { rule, versions } = versionOr404(request);
      const values = { validFrom: rule.validFrom ?? '', validTo: rule.validTo ?? '', status: rule.status, statusNote: rule.statusNote ?? '', endPrevious: false, markChecked: false };
      return reply.view('admin/rules/version', { rule, versions, values, errors: {}, msg: messages(request) });
    });

    admin.post('/admin/rules/:ruleId/versions/:version', async (request, reply) => {
      const { rule, versions } = versionOr404(request);
      const parsed = VersionDatesForm.safeParse(bodyOf(request));
      const result = parsed.success ? await changeVersionDates(db, rule.id, rule.version, checkedNow(request, parsed.data), { id: actorOf(request).id, clientAddress: request.ip }, request.now) : { ok: false as const, errors: fieldErrors(parsed.error) };
      if (!result.ok && 'notFound' in result) throw notFound();
      if (!result.ok) return reply.view('admin/rules/version', { rule, versions, values: bodyOf(request), errors: result.errors, msg: messages(request) }, { status: 422 });
      return reply.redirect(`/admin/rules/${rule.id}?notice=saved`, 303);
    });
  });
}

