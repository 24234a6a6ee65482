import { describe, expect, it } from 'vitest';
import { applicableRuleIds } from '../../../src/deadlines/compute.js';
import { regionCode } from '../../../src/deadlines/regions.js';

describe('regions typed on a case', () => {
  it.each([
    ['GB', 'England', 'GB-ENG'],
    ['GB', ' scotland ', 'GB-SCT'],
    ['GB', 'Northern Ireland', 'GB-NIR'],
    ['GB', 'GB-WLS', 'GB-WLS'],
    ['US', 'Illinois', 'US-IL'],
    ['US', 'CA', 'US-CA'],
    ['US', 'new  york', 'US-NY'],
    ['AU', 'NSW', 'AU-NSW'],
    ['GB', 'London', null],
    ['US', 'US-CA', 'US-CA'],
    ['US', 'GB-ENG', null],
    ['US', 'XX', null],
    ['GB', null, null],
    ['GB', '', null],
  ])('%s %j → %s', (country, region, code) => {
    expect(regionCode(country, region)).toBe(code);
  });

  it('an English case gets the Great Britain tribunal rules; a Northern Irish one does not', () => {
    const scope = (region: string) => ({ country: 'GB', region: regionCode('GB', region), caseTypes: ['unlawful_deductions'] });
    expect(applicableRuleIds(scope('England'))).toContain('uk-et-wages');
    expect(applicableRuleIds(scope('London'))).toContain('uk-et-wages');
    expect(applicableRuleIds(scope('Northern Ireland'))).not.toContain('uk-et-wages');
  });

  it('a Californian case gets the California wage claim; an Illinois one only the federal rules', () => {
    const scope = (region: string) => ({ country: 'US', region: regionCode('US', region), caseTypes: ['wage_theft'] });
    expect(applicableRuleIds(scope('California'))).toEqual(['us-flsa', 'us-flsa-wilful', 'us-ca-wage-claim']);
    expect(applicableRuleIds(scope('Illinois'))).toEqual(['us-flsa', 'us-flsa-wilful']);
  });
});
