import { requestTranslator } from '../i18n/request.js';
import { ownName, supportedLocales } from '../i18n/index.js';
import { bdi, isolateCurrency, isolatedT } from '../i18n/isolate.js';
import { Eta } from 'eta';
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../auth/policy.js';
import { viewsDir } from '../paths.js';
import { regionChoices, regionLabel } from '../deadlines/regions.js';
import { deadlineTexts } from '../deadlines/step-text.js';
import { describeAgent } from '../shared/user-agent.js';
import { loadedField } from '../shared/versions.js';
import { countryCodes } from '../people/people.schema.js';
import { navFor } from './nav.js';

declare module 'fastify' {
  interface FastifyReply {
    /** Renders a page, or only `fragment` for an htmx request (STYLE: one helper decides). */
    view(page: string, data?: Record<string, unknown>, opts?: { fragment?: string; status?: number }): FastifyReply;
  }
}

/** The UI's languages for a select, each named in itself, with its lang so a screen reader says it right. */
const uiLanguages = supportedLocales.map((l) => ({ value: l, label: ownName(l), lang: l }));

/** Every ISO 3166-1 country for a select, named and sorted in the reader's language; built once per language. */
const countryOptionsByLang = new Map<string, readonly { value: string; label: string }[]>();
function countryOptions(lang: string, countryName: (code: string) => string) {
  let options = countryOptionsByLang.get(lang);
  if (!options) {
    const collator = new Intl.Collator(lang);
    options = countryCodes.map((code) => ({ value: code, label: countryName(code) })).sort((a, b) => collator.compare(a.label, b.label));
    countryOptionsByLang.set(lang, options);
  }
  return options;
}

export function isFragmentRequest(request: FastifyRequest): boolean {
  // A history restore (back button with no cached copy — we keep none) needs the whole page, not a fragment.
  return request.headers['hx-request'] === 'true' && request.headers['hx-boosted'] !== 'true' && request.headers['hx-history-restore-request'] !== 'true';
}

export default fp(
  async (app, opts: { production: boolean }) => {
    const eta = new Eta({ views: viewsDir, cache: opts.production, autoEscape: true, autoTrim: false });

    app.decorateReply('view', function (this: FastifyReply, page: string, data: Record<string, unknown> = {}, o: { fragment?: string; status?: number } = {}) {
      const request = this.request;
      const user = request.currentUser;
      const tr = requestTranslator(request);
      const template = o.fragment && isFragmentRequest(request) ? o.fragment : page;
      const html = eta.render(template, {
        ...data,
        ...tr,
        tr,
        ti: isolatedT(tr.t),
        ...(tr.dir === 'rtl' ? { money: (value: number, currency: string) => isolateCurrency(tr.money(value, currency)) } : {}),
        bdi,
        uiLanguages,
        countryOptions: () => countryOptions(tr.lang, tr.countryName),
        describeAgent,
        loadedField,
        dl: deadlineTexts(tr),
        regionChoices: (country: string) => regionChoices(country, tr.lang),
        regionLabel: (region: string | null | undefined) => regionLabel(region, tr.lang),
        user,
        actor: request.actor,
        can: (action: Parameters<typeof can>[1], resource?: never) => can(request.actor, action, resource),
        nav: navFor(request.actor, request.url.split('?')[0]),
        path: request.url.split('?')[0],
        now: request.now,
        csrfToken: this.generateCsrf(),
      });
      this.header('Vary', 'HX-Request');
      if (o.status) this.code(o.status);
      return this.type('text/html; charset=utf-8').send(html);
    });
  },
  { name: 'views', dependencies: ['csrf'] },
);
