import { requestLocale } from '../i18n/request.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can } from '../auth/policy.js';
import type { Db } from '../db/client.js';
import { todayIn } from '../deadlines/compute.js';
import { publicHolidays, holidayNameIn } from '../deadlines/holidays.js';
import { regionChoices } from '../deadlines/regions.js';
import { actorOf, bodyOf, idOf } from '../plugins/request-context.js';
import { notFound } from '../shared/errors.js';
import { fieldErrors, type FieldErrors } from '../shared/form.js';
import { localHolidaysOf } from './contact-point-holidays.repo.js';
import { LocalHolidayForm } from './contact-point-holidays.schema.js';
import { addLocalHoliday, holidaysContactPoint, removeLocalHoliday } from './contact-point-holidays.service.js';
import type { ContactPoint } from './contact-points.table.js';

/** Which form asks for a region select: a contact point's (its region) or a case's (the case's override). */
const RegionFieldQuery = z
  .object({
    for: z.enum(['contactPoint', 'case']).catch('case'),
    country: z.string().optional().catch(undefined),
    jurisdictionCountry: z.string().optional().catch(undefined),
  })
  .catch({ for: 'case' });

const Notice = z.object({ notice: z.enum(['added', 'removed']).optional() }).catch({});

export async function contactPointRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;

  app.register(async (r) => {
    r.addHook('preHandler', app.requireUser);

    // The region select of a form, again for the country just chosen (htmx swaps it in; without it, the form's 422 does).
    r.get('/regions/field', async (request, reply) => {
      const query = RegionFieldQuery.parse(request.query ?? {});
      const typed = (query.for === 'contactPoint' ? query.country : query.jurisdictionCountry) ?? '';
      const country = /^[A-Za-z]{2}$/.test(typed.trim()) ? typed.trim().toUpperCase() : '';
      const forCase = query.for === 'case';
      return reply.view('partials/region-field-alone', {
        name: forCase ? 'jurisdictionRegion' : 'region',
        labelKey: forCase ? 'intake.case.region' : 'admin.cps.region',
        hintKey: forCase ? 'intake.case.regionHint' : 'admin.cps.regionHint',
        blankKey: forCase ? 'casePage.sameAsContactPoint' : 'admin.cps.wholeCountry',
        regions: country ? regionChoices(country, requestLocale(request)) : [],
      });
    });

    const page = (request: FastifyRequest, reply: FastifyReply, cp: ContactPoint, extra: { values?: Record<string, unknown>; errors?: FieldErrors } = {}, status?: number) => {
      const year = Number(todayIn(cp.timezone, request.now).slice(0, 4));
      // Named in the reader's language where date-holidays has it, else in the country's own (as the deadline steps do).
      const lang = requestLocale(request);
      const publicDays = [...publicHolidays(cp.country, cp.region, year)]
        .map(([date, name]) => ({ date, name: holidayNameIn(cp.country, cp.region, date, lang, name) }))
        .sort((a, b) => a.date.localeCompare(b.date));
      return reply.view(
        'contact-points/holidays',
        {
          cp,
          holidays: localHolidaysOf(db, cp.id),
          publicDays,
          year,
          values: extra.values ?? {},
          errors: extra.errors ?? {},
          notice: Notice.parse(request.query ?? {}).notice ?? null,
          fromAdmin: can(actorOf(request), 'admin.contactPoints'),
        },
        { status },
      );
    };
    const who = (request: FastifyRequest) => ({ actor: actorOf(request), clientAddress: request.ip });

    r.get('/contact-points/:id/holidays', async (request, reply) => page(request, reply, holidaysContactPoint(db, actorOf(request), idOf(request))));

    r.post('/contact-points/:id/holidays', async (request, reply) => {
      const cp = holidaysContactPoint(db, actorOf(request), idOf(request));
      const body = bodyOf(request);
      const parsed = LocalHolidayForm.safeParse(body);
      if (!parsed.success) return page(request, reply, cp, { values: body, errors: fieldErrors(parsed.error) }, 422);
      const result = await addLocalHoliday(db, who(request), cp.id, parsed.data, request.now);
      if (!result.ok) return page(request, reply, cp, { values: body, errors: result.errors }, 422);
      return reply.redirect(`/contact-points/${cp.id}/holidays?notice=added`, 303);
    });

    r.post('/contact-points/:id/holidays/:holidayId/delete', async (request, reply) => {
      const cp = holidaysContactPoint(db, actorOf(request), idOf(request));
      if (!(await removeLocalHoliday(db, who(request), cp.id, idOf(request, 'holidayId'), request.now))) throw notFound();
      return reply.redirect(`/contact-points/${cp.id}/holidays?notice=removed`, 303);
    });
  });
}
