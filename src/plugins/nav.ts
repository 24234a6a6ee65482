import { can, type Actor } from '../auth/policy.js';

export type NavItem = { href: string; labelKey: string };

/** The navigation a role sees; each entry is granted by the policy, never by a role list of its own. */
export function navFor(actor: Actor | null): NavItem[] {
  if (!actor) return [];
  const items: NavItem[] = [{ href: '/', labelKey: 'nav.dashboard' }];
  if (can(actor, 'admin.users')) items.push({ href: '/admin/users', labelKey: 'nav.users' });
  if (can(actor, 'admin.contactPoints')) items.push({ href: '/admin/contact-points', labelKey: 'nav.contactPoints' });
  items.push({ href: '/account', labelKey: 'nav.account' });
  return items;
}
