import { describe, expect, it } from 'vitest';
import { parseAuditQuery, parseRecord, wallTimeOf } from '../../../src/audit/audit.schema.js';

describe('the record filter', () => {
  it.each([
    ['LDN-2026-00042', { kind: 'reference', reference: 'LDN-2026-00042' }],
    [' ldn-2026-00042 ', { kind: 'reference', reference: 'LDN-2026-00042' }],
    ['123', { kind: 'target', type: 'person', id: '123' }],
    ['0042', { kind: 'target', type: 'person', id: '42' }],
    ['person:123', { kind: 'target', type: 'person', id: '123' }],
    ['Person #123', { kind: 'target', type: 'person', id: '123' }],
    ['document:7', { kind: 'target', type: 'document', id: '7' }],
    ['report:cases-by-type', { kind: 'target', type: 'report', id: 'cases-by-type' }],
    ['user:6a4f2c9e-1111-4222-8333-444455556666', { kind: 'target', type: 'user', id: '6a4f2c9e-1111-4222-8333-444455556666' }],
    ['person', { kind: 'target', type: 'person' }],
    ['CASE', { kind: 'target', type: 'case' }],
  ])('reads %j', (text, expected) => expect(parseRecord(text)).toEqual(expected));

  it.each(['', 'Zelda Canarywood', 'person:abc', 'case:LDN-2026-00042', 'nothing:1', 'nothing', "person:1' or 1=1", '1'.repeat(13)])('refuses %j', (text) => expect(parseRecord(text)).toBeNull());
});

describe('the query string of the audit page', () => {
  it('reads the filters and the cursor', () => {
    const { query, invalid } = parseAuditQuery({ user: '6a4f2c9e-1111-4222-8333-444455556666', action: 'view', record: 'person:3', from: '2026-11-01', to: '2026-11-24T10:30', before: '12' });
    expect(invalid).toEqual([]);
    expect(query).toEqual({
      user: '6a4f2c9e-1111-4222-8333-444455556666',
      action: 'view',
      record: { kind: 'target', type: 'person', id: '3' },
      from: { date: '2026-11-01' },
      to: { date: '2026-11-24', time: '10:30' },
      before: 12,
    });
  });

  it('treats empty fields as absent', () => {
    expect(parseAuditQuery({ user: '', action: '', record: '  ', from: '', to: '' })).toEqual({ query: {}, invalid: [], raw: { user: '', action: '', record: '  ', from: '', to: '' } });
  });

  it('names each bad field and keeps the good ones', () => {
    const { query, invalid } = parseAuditQuery({ user: 'x', action: 'delete', record: '@@', from: '2026-02-30', to: '2026-11-24T24:00', before: '-1', after: ['1', '2'] });
    expect(invalid).toEqual(['user', 'action', 'record', 'from', 'to', 'before', 'after']);
    expect(query).toEqual({});
    expect(parseAuditQuery({ action: 'login', record: 'x'.repeat(81) })).toMatchObject({ query: { action: 'login' }, invalid: ['record'] });
  });
});

describe('wall-clock minutes', () => {
  it("are the time zone's, across a change of summer time", () => {
    expect(wallTimeOf(Date.parse('2026-03-29T00:59:59Z'), 'Europe/London')).toBe('2026-03-29T00:59');
    expect(wallTimeOf(Date.parse('2026-03-29T01:00:00Z'), 'Europe/London')).toBe('2026-03-29T02:00');
    expect(wallTimeOf(Date.parse('2026-11-24T03:00:00Z'), 'America/Chicago')).toBe('2026-11-23T21:00');
    expect(wallTimeOf(Date.parse('2026-11-24T03:00:00Z'), 'Asia/Kathmandu')).toBe('2026-11-24T08:45');
  });
});
