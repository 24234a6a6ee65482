import { describe, expect, it } from 'vitest';
import { isOverdue, listOrder, moveRules, movesFrom, referralMoves, referralStatuses, transition, type ReferralStatus } from '../../../src/referrals/referral-states.js';

/** Every allowed (from, move) → to; anything not listed is refused. */
const allowed: Record<string, ReferralStatus> = {
  'draft send': 'sent',
  'draft withdraw': 'withdrawn',
  'sent accept': 'accepted',
  'sent decline': 'declined',
  'sent withdraw': 'withdrawn',
  'accepted complete': 'completed',
  'accepted withdraw': 'withdrawn',
};

describe('referral state machine', () => {
  for (const from of referralStatuses)
    for (const move of referralMoves) {
      const to = allowed[`${from} ${move}`];
      it(`${from} --${move}--> ${to ?? 'refused'}`, () => {
        const result = transition(from, move);
        if (to) expect(result).toEqual({ ok: true, from, to });
        else expect(result).toEqual({ ok: false, from, move });
      });
    }

  it('has no way out of declined, completed or withdrawn', () => {
    for (const s of ['declined', 'completed', 'withdrawn'] as const) expect(movesFrom(s)).toEqual([]);
  });

  it('offers from each state exactly the allowed moves', () => {
    expect(movesFrom('draft')).toEqual(['send', 'withdraw']);
    expect(movesFrom('sent')).toEqual(['accept', 'decline', 'withdraw']);
    expect(movesFrom('accepted')).toEqual(['complete', 'withdraw']);
  });

  it('asks why for a decline and a withdrawal, and a follow-up date to send', () => {
    expect(referralMoves.filter((m) => moveRules[m].noteRequired)).toEqual(['decline', 'withdraw']);
    expect(moveRules.send.followUp).toBe('required');
    expect(moveRules.complete.followUp).toBe('cleared');
  });
});

describe('overdue follow-ups', () => {
  const today = '2026-11-20';
  it('are referrals waiting on the partner whose date has passed', () => {
    expect(isOverdue({ status: 'sent', followUpOn: '2026-11-19' }, today)).toBe(true);
    expect(isOverdue({ status: 'accepted', followUpOn: '2026-01-01' }, today)).toBe(true);
  });
  it('are not due today, in the future, undated, or finished', () => {
    expect(isOverdue({ status: 'sent', followUpOn: today }, today)).toBe(false);
    expect(isOverdue({ status: 'sent', followUpOn: '2026-11-21' }, today)).toBe(false);
    expect(isOverdue({ status: 'sent', followUpOn: null }, today)).toBe(false);
    expect(isOverdue({ status: 'draft', followUpOn: '2026-01-01' }, today)).toBe(false);
    expect(isOverdue({ status: 'completed', followUpOn: '2026-01-01' }, today)).toBe(false);
  });
  it('come first in the list, then by state, then soonest follow-up', () => {
    const rows = [
      { id: 1, status: 'draft' as const, followUpOn: null },
      { id: 2, status: 'accepted' as const, followUpOn: '2026-12-01' },
      { id: 3, status: 'sent' as const, followUpOn: '2026-12-05' },
      { id: 4, status: 'sent' as const, followUpOn: '2026-11-02' },
      { id: 5, status: 'sent' as const, followUpOn: '2026-11-30' },
      { id: 6, status: 'accepted' as const, followUpOn: '2026-10-01' },
    ];
    expect(rows.sort((a, b) => listOrder(a, b, today)).map((r) => r.id)).toEqual([6, 4, 1, 5, 3, 2]);
  });
});
