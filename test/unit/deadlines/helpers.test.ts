import { describe, expect, it } from 'vitest';
import { foldLines } from '../../../src/deadlines/calendar.service.js';
import { nameWordsIn, windowOf } from '../../../src/deadlines/deadlines.service.js';
import { digestMail } from '../../../src/deadlines/reminders.service.js';

describe('folding iCalendar lines by octets (RFC 5545 §3.1)', () => {
  it('keeps every line within 75 octets, never splits a character, and unfolds to the original', () => {
    const summary = 'SUMMARY:LDN-2026-00042 · Złożyć pozew do sądu pracy — Łukasz, Ștefan, Nguyễn, Олена ' + 'é'.repeat(80);
    const folded = foldLines(`BEGIN:VCALENDAR\r\n${summary}\r\nEND:VCALENDAR\r\n`);
    for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(folded).not.toContain('\uFFFD');
    expect(folded.replace(/\r\n /g, '')).toBe(`BEGIN:VCALENDAR\r\n${summary}\r\nEND:VCALENDAR\r\n`);
  });

  it('refolds what the ics package folded by characters', () => {
    const byChars = 'SUMMARY:' + '·'.repeat(67) + '\r\n\t' + '·'.repeat(10);
    const folded = foldLines(byChars);
    expect(folded.split('\r\n').every((l) => Buffer.byteLength(l, 'utf8') <= 75)).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe('SUMMARY:' + '·'.repeat(77));
  });
});

describe('a worker’s name in a deadline title', () => {
  const person = { name: 'María José Fernández', alias: 'Pepa' };
  it.each([
    ['Call María about payslips', true],
    ['call maría', true],
    ['Meeting with PEPA', true],
    ['Fernández v Acme: ET1 claim form', true],
    ['Send the letter before claim', false],
    ['Joseph to chase ACAS', false],
  ])('%s → %s', (title, found) => expect(nameWordsIn(title, person)).toBe(found));

  it('ignores words of fewer than three letters and anonymous cases', () => {
    expect(nameWordsIn('Li to file the form', { name: 'Li Wei', alias: null })).toBe(false);
    expect(nameWordsIn('Anything', null)).toBe(false);
  });
});

describe('dashboard windows', () => {
  it.each([
    ['2026-06-04', 'overdue'],
    ['2026-06-05', 'today'],
    ['2026-06-06', 'week'],
    ['2026-06-12', 'week'],
    ['2026-06-13', 'month'],
    ['2026-07-05', 'month'],
    ['2026-07-06', null],
  ])('due %s, today 5 June 2026 → %s', (due, window) => expect(windowOf(due, '2026-06-05')).toBe(window));
});

describe('the digest text', () => {
  it('holds only what it is given: references, titles and dates', () => {
    const mail = digestMail('a@desk.example', 'en', '2026-06-05', [
      { reference: 'LDN-2026-00001', title: 'Send the letter', dueDate: '2026-06-01', window: 'overdue' },
      { reference: 'LDN-2026-00002', title: 'File the ET1', dueDate: '2026-06-09', window: 'soon' },
    ], 'https://desk.example');
    expect(mail.subject).toBe('UnionDesk: 2 deadlines need attention (5 June 2026)');
    expect(mail.text).toBe(
      [
        'Your deadlines on 5 June 2026:',
        '',
        'Overdue',
        '- 1 June 2026 · LDN-2026-00001 · Send the letter',
        '',
        'Coming up',
        '- 9 June 2026 · LDN-2026-00002 · File the ET1',
        '',
        'Open UnionDesk to see them: https://desk.example/deadlines',
        '',
        'This e-mail holds case references and deadline titles only. You receive it once a day while you have deadlines due.',
      ].join('\n'),
    );
  });
});
