import { can, type Actor } from '../auth/policy.js';

/** `user`: shown beside the user's name and sign-out rather than in the main navigation, which must fit one row. */
export type NavItem = { href: string; labelKey: string; current?: boolean; area?: 'user' };

/** The navigation a role sees; each entry is granted by the policy, never by a role list of its own. */
export function navFor(actor: Actor | null, path = ''): NavItem[] {
  if (!actor) return [];
  const items: NavItem[] = [{ href: '/', labelKey: 'nav.dashboard' }];
  if (can(actor, 'case.list')) items.push({ href: '/cases', labelKey: 'nav.cases' }, { href: '/cases/new', labelKey: 'nav.intake' });
  if (can(actor, 'case.list')) items.push({ href: '/deadlines', labelKey: 'deadlines.nav.list' });
  if (can(actor, 'deadlines.calculator')) items.push({ href: '/deadlines/calculator', labelKey: 'deadlines.nav.calculator' });
  if (can(actor, 'case.list')) items.push({ href: '/referrals', labelKey: 'referrals.nav' });
  if (can(actor, 'case.list')) items.push({ href: '/collectives', labelKey: 'collective.nav' });
  if (can(actor, 'case.list')) items.push({ href: '/parties', labelKey: 'nav.parties' });
  if (can(actor, 'partners.view')) items.push({ href: '/partners', labelKey: 'partners.nav' });
  if (can(actor, 'supervision.view')) items.push({ href: '/supervision', labelKey: 'supervision.nav' });
  if (can(actor, 'reports.view')) items.push({ href: '/reports', labelKey: 'reports.nav' });
  if (can(actor, 'audit.log')) items.push({ href: '/audit', labelKey: 'audit.nav' });
  if (can(actor, 'admin.users')) items.push({ href: '/admin/users', labelKey: 'nav.users' });
  if (can(actor, 'admin.contactPoints')) items.push({ href: '/admin/contact-points', labelKey: 'nav.contactPoints' });
  if (can(actor, 'admin.rules')) items.push({ href: '/admin/rules', labelKey: 'deadlines.nav.rules' });
  if (can(actor, 'admin.backups')) items.push({ href: '/admin/backups', labelKey: 'backups.nav' });
  if (can(actor, 'admin.translations')) items.push({ href: '/admin/translations', labelKey: 'letterLanguage.admin.nav' });
  if (can(actor, 'retention.manage')) items.push({ href: '/admin/retention', labelKey: 'retention.nav' });
  items.push({ href: '/account', labelKey: 'nav.account', area: 'user' });
  // The current entry is the longest one the path starts with: /cases/new is "New intake", /cases/12 is "Cases".
  const current = items
    .filter((i) => path === i.href || (i.href !== '/' && path.startsWith(`${i.href}/`)))
    .filter((i) => !(i.href === '/cases' && path === '/cases/new'))
    .sort((a, b) => b.href.length - a.href.length)[0];
  return items.map((i) => ({ ...i, current: i === current }));
}
