import { describe, expect, it } from 'vitest';
import { idField, parseId } from '../../../src/shared/ids.js';

describe('record ids', () => {
  it('are plain decimal integers', () => {
    expect(parseId('1')).toBe(1);
    expect(parseId('46')).toBe(46);
    expect(parseId('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('are nothing else, though Number() or z.coerce would read each of these as a record', () => {
    for (const odd of ['046', ' 46', '46 ', '+46', '46.0', '4.6e1', '1e3', '0x2e', '0b1', '0o7', '٤٦', '４６', '0', '-1', '', '9007199254740993', '12345678901234567', 'NaN', 'Infinity', '46\u0000'])
      expect(parseId(odd), JSON.stringify(odd)).toBeNull();
    for (const notText of [46, 46n, null, undefined, ['46'], { id: '46' }]) expect(parseId(notText)).toBeNull();
  });

  it('in a form field: the number, or the field’s message', () => {
    expect(idField('x.choose').parse('12')).toBe(12);
    const refused = idField('x.choose').safeParse('0x0c');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe('x.choose');
    expect(idField().safeParse(12).success).toBe(false);
  });
});
