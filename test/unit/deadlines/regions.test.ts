import { describe, expect, it } from 'vitest';
import { applicableRuleIds } from '../../../src/deadlines/compute.js';
import { effectiveRegion, regionCode, regionLabel } from '../../../src/deadlines/regions.js';

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
    ['GB', 'GB-GBN', 'GB-GBN'],
    ['DE', 'DE-BY', 'DE-BY'],
    ['DE', 'BE', 'DE-BE'],
    ['DE', 'Bayern', 'DE-BY'],
    ['DE', 'bavaria', 'DE-BY'],
    ['ES', 'comunidad de madrid', 'ES-MD'],
    ['ES', 'Andalucia', 'ES-AN'],
    ['IT', 'IT-25', 'IT-25'],
    ['DE', 'DE-XX', null],
    ['DE', 'ES-MD', null],
    ['AU', 'AU-VIC', 'AU-VIC'],
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

  it('a case counts its own region, else its contact point\'s when it is in that country, else none', () => {
    const berlin = { country: 'DE', region: 'DE-BE' };
    expect(effectiveRegion({ jurisdictionCountry: 'DE', jurisdictionRegion: 'DE-BY' }, berlin)).toBe('DE-BY');
    expect(effectiveRegion({ jurisdictionCountry: 'DE', jurisdictionRegion: null }, berlin)).toBe('DE-BE');
    expect(effectiveRegion({ jurisdictionCountry: 'DE', jurisdictionRegion: 'somewhere' }, berlin)).toBe('DE-BE');
    expect(effectiveRegion({ jurisdictionCountry: 'AT', jurisdictionRegion: null }, berlin)).toBeNull();
    expect(effectiveRegion({ jurisdictionCountry: 'DE', jurisdictionRegion: null }, { country: 'DE', region: null })).toBeNull();
  });

  it('names a region by its calendar name and code, and an older typed region as it was typed', () => {
    expect(regionLabel('AU-NSW')).toBe('New South Wales (AU-NSW)');
    expect(regionLabel('Lombardia')).toBe('Lombardia');
    expect(regionLabel(null)).toBe('');
  });
});
