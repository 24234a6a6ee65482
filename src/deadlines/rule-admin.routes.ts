/**
 * An administrator adds a whole deadline rule without a release (/admin/rules/new), with a preview calculator that
 * computes the rule as typed without saving it. Administrators only, like the rest of /admin/rules.
 */
import { requestTranslator } from '../i18n/request.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { caseTypes } from '../cases/catalogue.js';
import type { Db } from '../db/client.js';
import { countryCodes } from '../people/people.schema.js';
import { actorOf, bodyOf, userOf, type FormBody } from '../plugins/request-context.js';
import { asList } from '../shared/form.js';
import { todayIn } from './compute.js';
import { TRIGGER_FIELDS } from './rules.data.js';
import { NEW_RULE_FIELDS, OTHER_EXPLANATION_LANGUAGES, RulePreviewForm, newRuleForm, ruleRegionsOf, withPreviewPlaceholders } from './rule-form.schema.js';
import { COMPUTATION_KINDS, PERIOD_UNITS, RULE_ID_MESSAGE } from './rules.schema.js';
import { addRule, effectiveCatalogue, previewRule, type RulePreview } from './rules.service.js';
import type { z } from 'zod';

type Values = Record<string, unknown>;

const isMessageKey = (m: string) => /^[a-z][A-Za-z0-9]*(\.[A-Za-z0-9_]+)+$/.test(m);

/** Field → message (a translation key, or the catalogue's own plain English), the first for each field. */
function messagesByField(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.filter((p) => typeof p !== 'number').map(String)[0] ?? '_form';
    errors[field] ??= isMessageKey(issue.message) || issue.message === RULE_ID_MESSAGE ? issue.message : `validation.${issue.code}`;
  }
  return errors;
}

export async function ruleAdminRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;

  const msg = (request: FastifyRequest) => {
    const { t } = requestTranslator(request);
    return (m: string | undefined | null) => (!m ? '' : /^(deadlines|validation|errors)\.[\w.]+$/.test(m) ? t(m) : m);
  };

  /** What every rendering of the form needs: the lists it offers, in the administrator's language. */
  function choices(request: FastifyRequest, values: Values) {
    const tr = requestTranslator(request);
    const catalogue = effectiveCatalogue(db);
    const country = typeof values.country === 'string' ? values.country : '';
    return {
      countries: countryCodes.map((code) => ({ code, name: tr.countryName(code) })).sort((a, b) => a.name.localeCompare(b.name, tr.lang)),
      regions: ruleRegionsOf(country, catalogue),
      triggers: TRIGGER_FIELDS.map((f) => ({ id: f.id, label: f.label })),
      caseTypes,
      kinds: COMPUTATION_KINDS,
      units: PERIOD_UNITS,
      languages: OTHER_EXPLANATION_LANGUAGES,
      fieldOrder: NEW_RULE_FIELDS,
    };
  }

  function render(request: FastifyRequest, reply: FastifyReply, state: { values: Values; errors?: Record<string, string>; preview?: RulePreview | null }, status?: number) {
    const preview = state.preview ?? null;
    return reply.view(
      'admin/rules/new',
      {
        ...choices(request, state.values),
        values: state.values,
        errors: state.errors ?? {},
        preview,
        previewErrors: preview && !preview.ok ? preview.errors : {},
        msg: msg(request),
      },
      { fragment: 'admin/rules/_preview', status },
    );
  }

  app.register(async (admin) => {
    admin.addHook('preHandler', app.requireUser);
    admin.addHook('preHandler', app.requirePermission('admin.rules'));

    admin.get('/admin/rules/new', async (request, reply) => {
      const values: Values = {
        restDays: ['saturday', 'sunday'],
        holidays: 'national',
        status: 'active',
        // Whoever writes the rule from the law has checked it today: both can be changed.
        lastCheckedOn: todayIn('UTC', request.now),
        lastCheckedBy: userOf(request).displayName,
      };
      return render(request, reply, { values });
    });

    admin.post('/admin/rules', async (request, reply) => {
      const body = bodyOf(request);
      const catalogue = effectiveCatalogue(db);
      const parsed = newRuleForm(todayIn('UTC', request.now), catalogue).safeParse(body);
      if (!parsed.success) return render(request, reply, { values: body, errors: messagesByField(parsed.error) }, 422);
      const result = await addRule(db, parsed.data, { id: actorOf(request).id, clientAddress: request.ip }, request.now);
      if (!result.ok) return render(request, reply, { values: body, errors: result.errors }, 422);
      return reply.redirect(`/admin/rules/${result.rule.id}?notice=ruleCreated`, 303);
    });

    // The preview saves nothing: the form as typed, computed for the date typed beside it. With htmx only the
    // preview is answered; without JavaScript the whole form comes back, as typed, with the preview in it.
    admin.post('/admin/rules/new/preview', async (request, reply) => {
      const body: FormBody = bodyOf(request);
      const { t } = requestTranslator(request);
      const today = todayIn('UTC', request.now);
      const catalogue = effectiveCatalogue(db);
      const dates = RulePreviewForm.parse({ previewTrigger: [body.previewTrigger ?? ''].flat()[0], previewRegion: [body.previewRegion ?? ''].flat()[0] });
      const typed = withPreviewPlaceholders(body, { title: t('deadlines.admin.newRule.previewTitle'), text: t('deadlines.admin.newRule.previewText') });
      const parsed = newRuleForm(today, catalogue).safeParse(typed);
      let preview: RulePreview;
      if (!parsed.success) preview = { ok: false, errors: messagesByField(parsed.error) };
      else if (dates.previewTrigger === '') preview = { ok: false, errors: { previewTrigger: 'deadlines.admin.newRule.errors.previewTrigger' } };
      else preview = previewRule(catalogue, parsed.data, { trigger: dates.previewTrigger, region: dates.previewRegion === '' ? null : dates.previewRegion }, today);
      const errors = preview.ok ? {} : Object.fromEntries(Object.entries(preview.errors).filter(([k]) => !k.startsWith('preview')));
      return render(request, reply, { values: body, errors, preview }, preview.ok ? 200 : 422);
    });

    // The region lists of the chosen country (htmx, when the country changes); without JavaScript the preview or the
    // save brings them.
    admin.get('/admin/rules/new/regions', async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      const one = (v: unknown) => asList(v)[0] ?? '';
      const values = { country: one(query.country), region: '', previewRegion: '' };
      return reply.view('admin/rules/_regions', { ...choices(request, values), values, errors: {}, previewErrors: {}, msg: msg(request), oob: true });
    });
  });
}
