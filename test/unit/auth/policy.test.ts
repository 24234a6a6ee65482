import { describe, expect, it } from 'vitest';
import { actions, can, type Action, type Actor } from '../../../src/auth/policy.js';

const LDN = 1;
const CHI = 2;
const counsellor: Actor = { id: 'c1', role: 'counsellor', contactPointIds: [LDN] };
const otherCounsellor: Actor = { id: 'c2', role: 'counsellor', contactPointIds: [LDN] };
const supervisor: Actor = { id: 's1', role: 'supervisor', contactPointIds: [LDN] };
const admin: Actor = { id: 'a1', role: 'admin', contactPointIds: [] };
const coordinator: Actor = { id: 'n1', role: 'coordinator', contactPointIds: [] };

const own = { contactPointId: LDN };
const foreign = { contactPointId: CHI };

type Row = { own: boolean; foreign: boolean };
/** Expected answer for each role and action, on a resource of the actor's own contact point and of another one. */
const matrix: Record<Action, Record<'counsellor' | 'supervisor' | 'admin' | 'coordinator', Row>> = {
  'dashboard.view': { counsellor: { own: true, foreign: true }, supervisor: { own: true, foreign: true }, admin: { own: true, foreign: true }, coordinator: { own: true, foreign: true } },
  'account.manage': { counsellor: { own: true, foreign: true }, supervisor: { own: true, foreign: true }, admin: { own: true, foreign: true }, coordinator: { own: true, foreign: true } },
  'deadlines.calculator': { counsellor: { own: true, foreign: true }, supervisor: { own: true, foreign: true }, admin: { own: true, foreign: true }, coordinator: { own: true, foreign: true } },
  'partners.view': { counsellor: { own: true, foreign: true }, supervisor: { own: true, foreign: true }, admin: { own: true, foreign: true }, coordinator: { own: true, foreign: true } },
  'case.list': { counsellor: { own: true, foreign: true }, supervisor: { own: true, foreign: true }, admin: { own: false, foreign: false }, coordinator: { own: false, foreign: false } },
  'search.use': { counsellor: { own: true, foreign: true }, supervisor: { own: true, foreign: true }, admin: { own: false, foreign: false }, coordinator: { own: false, foreign: false } },
  'case.create': { counsellor: { own: true, foreign: false }, supervisor: { own: true, foreign: false }, admin: { own: false, foreign: false }, coordinator: { own: false, foreign: false } },
  'case.view': { counsellor: { own: true, foreign: false }, supervisor: { own: true, foreign: false }, admin: { own: false, foreign: false }, coordinator: { own: false, foreign: false } },
  'case.update': { counsellor: { own: true, foreign: false }, supervisor: { own: true, foreign: false }, admin: { own: false, foreign: false }, coordinator: { own: false, foreign: false } },
  'case.letter': { counsellor: { own: true, foreign: false }, supervisor: { own: true, foreign: false }, admin: { own: false, foreign: false }, coordinator: { own: false, foreign: false } },
  'case.refer': { counsellor: { own: true, foreign: false }, supervisor: { own: true, foreign: false }, admin: { own: false, foreign: false }, coordinator: { own: false, foreign: false } },
  'case.transfer': { counsellor: { own: true, foreign: false }, supervisor: { own: true, foreign: false }, admin: { own: false, foreign: false }, coordinator: { own: false, foreign: false } },
  'note.view': { counsellor: { own: true, foreign: false }, supervisor: { own: true, foreign: false }, admin: { own: false, foreign: false }, coordinator: { own: false, foreign: false } },
  'person.export': { counsellor: { own: true, foreign: false }, supervisor: { own: true, foreign: false }, admin: { own: false, foreign: false }, coordinator: { own: false, foreign: false } },
  'party.update': { counsellor: { own: true, foreign: false }, supervisor: { own: true, foreign: false }, admin: { own: false, foreign: false }, coordinator: { own: false, foreign: false } },
  'case.assign': { counsellor: { own: false, foreign: false }, supervisor: { own: true, foreign: false }, admin: { own: false, foreign: false }, coordinator: { own: false, foreign: false } },
  'case.approveClosure': { counsellor: { own: false, foreign: false }, supervisor: { own: true, foreign: false }, admin: { own: false, foreign: false }, coordinator: { own: false, foreign: false } },
  'transfer.accept': { counsellor: { own: false, foreign: false }, supervisor: { own: true, foreign: false }, admin: { own: false, foreign: false }, coordinator: { own: false, foreign: false } },
  'supervision.view': { counsellor: { own: false, foreign: false }, supervisor: { own: true, foreign: true }, admin: { own: false, foreign: false }, coordinator: { own: false, foreign: false } },
  'user.confirm': { counsellor: { own: false, foreign: false }, supervisor: { own: true, foreign: false }, admin: { own: false, foreign: false }, coordinator: { own: false, foreign: false } },
  'user.issueLink': { counsellor: { own: false, foreign: false }, supervisor: { own: true, foreign: false }, admin: { own: false, foreign: false }, coordinator: { own: false, foreign: false } },
  'reports.contactPoint': { counsellor: { own: false, foreign: false }, supervisor: { own: true, foreign: false }, admin: { own: false, foreign: false }, coordinator: { own: false, foreign: false } },
  'audit.view': { counsellor: { own: false, foreign: false }, supervisor: { own: true, foreign: false }, admin: { own: false, foreign: false }, coordinator: { own: false, foreign: false } },
  'case.legalHold': { counsellor: { own: false, foreign: false }, supervisor: { own: true, foreign: false }, admin: { own: false, foreign: false }, coordinator: { own: false, foreign: false } },
  'person.erase': { counsellor: { own: false, foreign: false }, supervisor: { own: true, foreign: false }, admin: { own: false, foreign: false }, coordinator: { own: false, foreign: false } },
  'contactPoint.holidays': { counsellor: { own: false, foreign: false }, supervisor: { own: true, foreign: false }, admin: { own: true, foreign: true }, coordinator: { own: false, foreign: false } },
  'audit.log': { counsellor: { own: false, foreign: false }, supervisor: { own: true, foreign: true }, admin: { own: true, foreign: true }, coordinator: { own: false, foreign: false } },
  'audit.all': { counsellor: { own: false, foreign: false }, supervisor: { own: false, foreign: false }, admin: { own: true, foreign: true }, coordinator: { own: false, foreign: false } },
  'reports.network': { counsellor: { own: false, foreign: false }, supervisor: { own: false, foreign: false }, admin: { own: false, foreign: false }, coordinator: { own: true, foreign: true } },
  'reports.view': { counsellor: { own: false, foreign: false }, supervisor: { own: true, foreign: true }, admin: { own: false, foreign: false }, coordinator: { own: true, foreign: true } },
  'admin.users': { counsellor: { own: false, foreign: false }, supervisor: { own: false, foreign: false }, admin: { own: true, foreign: true }, coordinator: { own: false, foreign: false } },
  'admin.contactPoints': { counsellor: { own: false, foreign: false }, supervisor: { own: false, foreign: false }, admin: { own: true, foreign: true }, coordinator: { own: false, foreign: false } },
  'admin.partners': { counsellor: { own: false, foreign: false }, supervisor: { own: false, foreign: false }, admin: { own: true, foreign: true }, coordinator: { own: false, foreign: false } },
  'admin.rules': { counsellor: { own: false, foreign: false }, supervisor: { own: false, foreign: false }, admin: { own: true, foreign: true }, coordinator: { own: false, foreign: false } },
  'admin.backups': { counsellor: { own: false, foreign: false }, supervisor: { own: false, foreign: false }, admin: { own: true, foreign: true }, coordinator: { own: false, foreign: false } },
  'admin.translations': { counsellor: { own: false, foreign: false }, supervisor: { own: false, foreign: false }, admin: { own: true, foreign: true }, coordinator: { own: false, foreign: false } },
  'retention.manage': { counsellor: { own: false, foreign: false }, supervisor: { own: false, foreign: false }, admin: { own: true, foreign: true }, coordinator: { own: false, foreign: false } },
};

const actors = { counsellor, supervisor, admin, coordinator };

function resourceFor(action: Action, cp: { contactPointId: number }) {
  if (action === 'note.view') return { ...cp, authorId: 'someone', restricted: false };
  if (action === 'party.update') return { namedAt: [cp.contactPointId] };
  if (action === 'user.confirm' || action === 'user.issueLink') return { id: 'new-user', contactPointIds: [cp.contactPointId] };
  return cp;
}

describe('policy matrix: every role × action', () => {
  it('covers every action', () => {
    expect(Object.keys(matrix).sort()).toEqual([...actions].sort());
  });

  for (const action of actions) {
    for (const [roleName, actor] of Object.entries(actors)) {
      const expected = matrix[action][roleName as keyof typeof actors];
      it(`${roleName} ${expected.own ? 'may' : 'may not'} ${action} at own contact point; ${expected.foreign ? 'may' : 'may not'} at another`, () => {
        expect(can(actor, action, resourceFor(action, own) as never)).toBe(expected.own);
        expect(can(actor, action, resourceFor(action, foreign) as never)).toBe(expected.foreign);
      });
    }
  }

  it('refuses everything to nobody', () => {
    for (const action of actions) expect(can(null, action, resourceFor(action, own) as never)).toBe(false);
  });

  it('refuses resource-scoped actions when no resource is given', () => {
    expect(can(counsellor, 'case.view')).toBe(false);
    expect(can(supervisor, 'case.assign')).toBe(false);
    expect(can(counsellor, 'person.export')).toBe(false);
  });
});

describe('restricted notes', () => {
  const note = { contactPointId: LDN, authorId: counsellor.id, restricted: true };
  it('are visible to their author', () => expect(can(counsellor, 'note.view', note)).toBe(true));
  it('are hidden from another counsellor of the same contact point', () => expect(can(otherCounsellor, 'note.view', note)).toBe(false));
  it("are visible to the contact point's supervisor", () => expect(can(supervisor, 'note.view', note)).toBe(true));
  it('are hidden from a supervisor of another contact point', () =>
    expect(can({ ...supervisor, contactPointIds: [CHI] }, 'note.view', note)).toBe(false));
  it('unrestricted notes are visible to the team', () => expect(can(otherCounsellor, 'note.view', { ...note, restricted: false })).toBe(true));
});

describe("a person's data export", () => {
  it('is open to a supervisor at each of their contact points, and to no other desk', () => {
    const both: Actor = { id: 's2', role: 'supervisor', contactPointIds: [LDN, CHI] };
    expect(can(both, 'person.export', own)).toBe(true);
    expect(can(both, 'person.export', foreign)).toBe(true);
    expect(can(supervisor, 'person.export', { contactPointId: 3 })).toBe(false);
  });
  it('is refused to an admin who also lists the contact point (admins never read case content)', () =>
    expect(can({ ...admin, contactPointIds: [LDN] }, 'person.export', own)).toBe(false));
});

describe('confirming an account (issue 12, security review c)', () => {
  const both: Actor = { id: 's2', role: 'supervisor', contactPointIds: [LDN, CHI] };
  it('needs a supervisor of every contact point of the account, and never their own', () => {
    expect(can(supervisor, 'user.confirm', { id: 'x', contactPointIds: [LDN] })).toBe(true);
    expect(can(supervisor, 'user.confirm', { id: 'x', contactPointIds: [LDN, CHI] })).toBe(false);
    expect(can(both, 'user.confirm', { id: 'x', contactPointIds: [LDN, CHI] })).toBe(true);
    expect(can(supervisor, 'user.confirm', { id: 'x', contactPointIds: [] })).toBe(false);
    expect(can(supervisor, 'user.confirm', { id: supervisor.id, contactPointIds: [LDN] })).toBe(false);
  });

  it('a sign-in link for a case-access account: the same rule, and never an administrator', () => {
    expect(can(supervisor, 'user.issueLink', { id: 'x', contactPointIds: [LDN] })).toBe(true);
    expect(can(supervisor, 'user.issueLink', { id: 'x', contactPointIds: [LDN, CHI] })).toBe(false);
    expect(can(both, 'user.issueLink', { id: 'x', contactPointIds: [LDN, CHI] })).toBe(true);
    expect(can(supervisor, 'user.issueLink', { id: 'x', contactPointIds: [] })).toBe(false);
    expect(can(supervisor, 'user.issueLink', { id: supervisor.id, contactPointIds: [LDN] })).toBe(false);
    expect(can(admin, 'user.issueLink', { id: 'x', contactPointIds: [] })).toBe(false);
  });
});
