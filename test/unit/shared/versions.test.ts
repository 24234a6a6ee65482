import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { withVersion } from '../../../src/shared/versions.js';

describe('the version an edit form carries', () => {
  const Form = withVersion(z.object({ name: z.string() }));

  it('is the plain decimal number the page wrote', () => {
    expect(Form.parse({ version: '3', name: 'x' })).toEqual({ version: 3, input: { name: 'x' } });
    expect(Form.parse({ version: '9007199254740991', name: 'x' }).version).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('is unknown (a stale form: 409) when missing or spelled any other way, though Number() would read most as 3', () => {
    for (const odd of [undefined, '', '03', ' 3', '3 ', '+3', '3.0', '3e0', '0x3', '٣', '３', '0', '-3', '9007199254740993', ['3', '3'], 3])
      expect(Form.parse({ version: odd, name: 'x' }).version, JSON.stringify(odd)).toBeNull();
    expect(Form.parse({ name: 'x' })).toEqual({ version: null, input: { name: 'x' } });
  });
});
