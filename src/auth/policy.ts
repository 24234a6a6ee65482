import type { Role } from '../users/users.table.js';

/** The signed-in user as the policy sees them. */
export type Actor = {
  id: string;
  role: Role;
  contactPointIds: readonly number[];
};

/** Something that belongs to a contact point: a case, a person, a deadline, a report scope. */
export type CpResource = { contactPointId: number };
export type NoteResource = CpResource & { authorId: string; restricted: boolean };

type ActionResources = {
  // Signed-in basics.
  'dashboard.view': undefined;
  'account.manage': undefined;
  'deadlines.calculator': undefined;
  'partners.view': undefined;
  // Case work at one contact point.
  'case.list': undefined;
  /** The header search over people, cases and parties; each result is then asked of case.view like its own page. */
  'search.use': undefined;
  'case.create': CpResource;
  'case.view': CpResource;
  'case.update': CpResource;
  'case.letter': CpResource;
  'case.refer': CpResource;
  'case.transfer': CpResource;
  'note.view': NoteResource;
  /** A person's data export (GDPR art. 15): everything held about a person of the actor's own contact point. */
  'person.export': CpResource;
  /** A shared party's details: desks whose cases name it (`namedAt`, the contact points of those cases). */
  'party.update': { namedAt: readonly number[] };
  // Supervision of one contact point.
  'case.assign': CpResource;
  'case.approveClosure': CpResource;
  'transfer.accept': CpResource;
  'supervision.view': undefined;
  /** Confirming an account an administrator gave case access: a supervisor of every one of its contact points, never their own. */
  'user.confirm': { id: string; contactPointIds: readonly number[] };
  /** A one-time sign-in link for a confirmed account with case access, shown to the supervisor: the same rule as user.confirm. */
  'user.issueLink': { id: string; contactPointIds: readonly number[] };
  'reports.contactPoint': CpResource;
  /** The audit entries of one contact point (and the sign-ins of its users), with what its records are called. */
  'audit.view': CpResource;
  /** A legal hold on a case: while it is set, retention never anonymises the case. */
  'case.legalHold': CpResource;
  /** Erasing a person's data on request (GDPR art. 17). */
  'person.erase': CpResource;
  /**
   * A contact point's own local holidays (a city's patron saint), which its cases' deadlines count: its supervisors,
   * who lead the desk and know its place, and administrators, who set up contact points (no case content either way).
   */
  'contactPoint.holidays': CpResource;
  /** The audit log page and its CSV at all; whose entries it shows is asked with audit.view and audit.all. */
  'audit.log': undefined;
  /** Every audit entry of the deployment, as metadata only: a case by its reference, a person by their id. */
  'audit.all': undefined;
  // Network level: anonymised figures only.
  'reports.network': undefined;
  /** The report page at all: its scope (own contact points, or the network) is asked with the two actions above. */
  'reports.view': undefined;
  // Administration: never case content.
  'admin.users': undefined;
  'admin.contactPoints': undefined;
  'admin.partners': undefined;
  'admin.rules': undefined;
  'admin.backups': undefined;
  /** Who approved each language's letter wording (translation reviews): no case content. */
  'admin.translations': undefined;
  /** Retention periods per case type and what falls due: metadata only, never case content. */
  'retention.manage': undefined;
};

export type Action = keyof ActionResources;
export const actions = [
  'dashboard.view',
  'account.manage',
  'deadlines.calculator',
  'partners.view',
  'case.list',
  'search.use',
  'case.create',
  'case.view',
  'case.update',
  'case.letter',
  'case.refer',
  'case.transfer',
  'note.view',
  'person.export',
  'party.update',
  'case.assign',
  'case.approveClosure',
  'transfer.accept',
  'supervision.view',
  'user.confirm',
  'user.issueLink',
  'reports.contactPoint',
  'audit.view',
  'case.legalHold',
  'person.erase',
  'contactPoint.holidays',
  'audit.log',
  'audit.all',
  'reports.network',
  'reports.view',
  'admin.users',
  'admin.contactPoints',
  'admin.partners',
  'admin.rules',
  'admin.backups',
  'admin.translations',
  'retention.manage',
] as const satisfies readonly Action[];

function atOwnContactPoint(actor: Actor, resource: CpResource | undefined): boolean {
  return resource !== undefined && actor.contactPointIds.includes(resource.contactPointId);
}

const caseWorkers: readonly Role[] = ['counsellor', 'supervisor'];
/** Roles that reach case content at their contact points; an account given one by an administrator waits for confirmation. */
export const givesCaseAccess = (role: Role) => caseWorkers.includes(role);

/**
 * The one place where access is decided (DESIGN §1). Routes ask; they never compare roles.
 * Anything not granted here is refused.
 */
export function can<A extends Action>(actor: Actor | null | undefined, action: A, resource?: ActionResources[A]): boolean {
  if (!actor) return false;
  const { role } = actor;
  switch (action) {
    case 'dashboard.view':
    case 'account.manage':
    case 'deadlines.calculator':
    case 'partners.view':
      return true;
    case 'case.list':
    case 'search.use':
      return caseWorkers.includes(role);
    case 'case.create':
    case 'case.view':
    case 'case.update':
    case 'case.letter':
    case 'case.refer':
    case 'case.transfer':
    case 'person.export': // the person's own desk answers their access request; admins never see case content (DESIGN §1)
      return caseWorkers.includes(role) && atOwnContactPoint(actor, resource as CpResource | undefined);
    case 'note.view': {
      const note = resource as NoteResource | undefined;
      if (!note || !caseWorkers.includes(role) || !atOwnContactPoint(actor, note)) return false;
      // Restricted notes: the author and the contact point's supervisors only.
      return !note.restricted || note.authorId === actor.id || role === 'supervisor';
    }
    case 'party.update': {
      const party = resource as ActionResources['party.update'] | undefined;
      return caseWorkers.includes(role) && !!party && party.namedAt.some((cp) => actor.contactPointIds.includes(cp));
    }
    case 'case.assign':
    case 'case.approveClosure':
    case 'transfer.accept':
    case 'reports.contactPoint':
    case 'audit.view':
    case 'case.legalHold':
    case 'person.erase':
      return role === 'supervisor' && atOwnContactPoint(actor, resource as CpResource | undefined);
    case 'contactPoint.holidays':
      return role === 'admin' ? resource !== undefined : role === 'supervisor' && atOwnContactPoint(actor, resource as CpResource | undefined);
    case 'supervision.view':
      return role === 'supervisor';
    case 'user.confirm':
    case 'user.issueLink': {
      const account = resource as ActionResources['user.confirm'] | undefined;
      return (
        role === 'supervisor' &&
        !!account &&
        account.id !== actor.id &&
        account.contactPointIds.length > 0 &&
        account.contactPointIds.every((cp) => actor.contactPointIds.includes(cp))
      );
    }
    case 'audit.log':
      return role === 'supervisor' || role === 'admin';
    case 'audit.all':
      return role === 'admin';
    case 'reports.network':
      return role === 'coordinator';
    case 'reports.view':
      return role === 'coordinator' || role === 'supervisor';
    case 'admin.users':
    case 'admin.contactPoints':
    case 'admin.partners':
    case 'admin.rules':
    case 'admin.backups':
    case 'admin.translations':
    case 'retention.manage':
      return role === 'admin';
    default:
      return false;
  }
}
