import { describe, expect, it } from 'vitest';
import { caseStatuses, type CaseStatus } from '../../../src/cases/catalogue.js';
import { isMove, moves, movesFrom, nextStatus, rules, type Move } from '../../../src/cases/lifecycle.js';

/** Every allowed move: from → to. Anything not listed here must be refused. */
const allowed: Partial<Record<Move, Partial<Record<CaseStatus, CaseStatus>>>> = {
  open: { intake: 'open' },
  await_outcome: { open: 'awaiting_outcome' },
  resume: { awaiting_outcome: 'open' },
  request_closure: { open: 'closure_requested', awaiting_outcome: 'closure_requested' },
  approve_closure: { closure_requested: 'closed' },
  send_back: { closure_requested: 'open' },
  reopen: { closed: 'open' },
};

describe('case lifecycle: every status × move', () => {
  for (const move of moves)
    for (const from of caseStatuses) {
      const to = allowed[move]?.[from];
      it(to ? `${move} takes ${from} to ${to}` : `${move} is refused from ${from}`, () => {
        expect(nextStatus(from, move)).toEqual(to ? { ok: true, to } : { ok: false });
      });
    }

  it('offers from each status exactly the allowed moves', () => {
    for (const from of caseStatuses)
      expect(movesFrom(from).sort()).toEqual(moves.filter((m) => allowed[m]?.[from]).sort());
  });

  it('has no way out of intake but opening, and no way to close without a supervisor', () => {
    expect(movesFrom('intake')).toEqual(['open']);
    const intoClosed = moves.filter((m) => caseStatuses.some((from) => (nextStatus(from, m) as { to?: string }).to === 'closed'));
    expect(intoClosed).toEqual(['approve_closure']);
    expect(rules.approve_closure.permission).toBe('case.approveClosure');
    expect(rules.send_back.permission).toBe('case.approveClosure');
  });
});

describe('sending a closure request back', () => {
  it('returns to the status the case had when closure was requested', () => {
    expect(nextStatus('closure_requested', 'send_back', 'awaiting_outcome')).toEqual({ ok: true, to: 'awaiting_outcome' });
    expect(nextStatus('closure_requested', 'send_back', 'open')).toEqual({ ok: true, to: 'open' });
  });

  it('goes back to open when the earlier status is unknown or not a working status', () => {
    expect(nextStatus('closure_requested', 'send_back', null)).toEqual({ ok: true, to: 'open' });
    expect(nextStatus('closure_requested', 'send_back', 'closed')).toEqual({ ok: true, to: 'open' });
    expect(nextStatus('closure_requested', 'send_back', 'intake')).toEqual({ ok: true, to: 'open' });
  });
});

describe('what each move asks for', () => {
  it('closure needs an outcome and a note; approving a reason and the checklist ticked; sending back a comment; reopening a reason', () => {
    expect(rules.request_closure.requires).toEqual(['outcome', 'note']);
    expect(rules.send_back.requires).toEqual(['comment']);
    expect(rules.reopen.requires).toEqual(['reason']);
    expect(rules.approve_closure.requires).toEqual(['comment', 'confirmation']);
  });

  it('counsellors make every move but the two closure decisions', () => {
    expect(moves.filter((m) => rules[m].permission === 'case.update')).toEqual(['open', 'await_outcome', 'resume', 'request_closure', 'reopen']);
  });

  it('recognises only known moves', () => {
    expect(isMove('reopen')).toBe(true);
    expect(isMove('close')).toBe(false);
    expect(isMove(undefined)).toBe(false);
    expect(nextStatus('open', 'close' as Move)).toEqual({ ok: false });
  });
});
