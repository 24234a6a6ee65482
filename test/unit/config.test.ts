import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, databasePath: './data/uniondesk.sqlite', baseUrl: 'http://localhost:3000', secureCookies: false, smtpUrl: undefined });
  });

  it('flags more than 30 person records an hour unless told another limit', () => {
    expect(loadConfig({}).auditPersonViewsPerHour).toBe(30);
    expect(loadConfig({ AUDIT_PERSON_VIEWS_PER_HOUR: '50' }).auditPersonViewsPerHour).toBe(50);
    expect(() => loadConfig({ AUDIT_PERSON_VIEWS_PER_HOUR: '-1' })).toThrow(/^Invalid configuration: AUDIT_PERSON_VIEWS_PER_HOUR: must be a whole number from 1 to 100000\. [^\n]*$/);
  });

  it('requires a second factor of administrators and supervisors unless told otherwise', () => {
    expect(loadConfig({}).secondFactor).toBe('admins-supervisors');
    expect(loadConfig({ SECOND_FACTOR: 'everyone' }).secondFactor).toBe('everyone');
    expect(loadConfig({ SECOND_FACTOR: 'off' }).secondFactor).toBe('off');
    expect(() => loadConfig({ SECOND_FACTOR: 'on' })).toThrow(/^Invalid configuration: SECOND_FACTOR: must be admins-supervisors, everyone or off\. [^\n]*$/);
  });

  it('takes TOTP_KEY as 32 bytes in base64, and requires it in production only', () => {
    const key = Buffer.alloc(32, 1);
    expect(loadConfig({ TOTP_KEY: key.toString('base64') })).toMatchObject({ totpKey: key, developmentTotpKey: false });
    expect(loadConfig({ NODE_ENV: 'production', TOTP_KEY: key.toString('base64') }).totpKey).toEqual(key);
    // Outside production, a published development key, flagged as such.
    const dev = loadConfig({});
    expect(dev.developmentTotpKey).toBe(true);
    expect(dev.totpKey).toHaveLength(32);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/^Invalid configuration: TOTP_KEY: must be set in production, 32 random bytes in base64 \(openssl rand -base64 32\)\. [^\n]*$/);
    for (const bad of [Buffer.alloc(16, 1).toString('base64'), Buffer.alloc(33, 1).toString('base64'), 'a'.repeat(64), 'not a key'])
      expect(() => loadConfig({ TOTP_KEY: bad }), bad).toThrow(/^Invalid configuration: TOTP_KEY: must be 32 random bytes in base64/);
    // Told together with the other bad settings, never the key itself.
    const both = () => loadConfig({ NODE_ENV: 'production', PORT: 'abc' });
    expect(both).toThrow(/PORT: .*; TOTP_KEY: must be set in production/);
    expect(() => loadConfig({ TOTP_KEY: 'x'.repeat(43) + '!' })).not.toThrow(/x{43}/);
  });

  it('marks cookies Secure when the base URL is https', () => {
    expect(loadConfig({ BASE_URL: 'https://desk.example.org/' })).toMatchObject({ baseUrl: 'https://desk.example.org', secureCookies: true });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ BASE_URL: 'not a url' }, 'BASE_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
    [{ AUDIT_PERSON_VIEWS_PER_HOUR: '0' }, 'AUDIT_PERSON_VIEWS_PER_HOUR'],
    [{ AUDIT_PERSON_VIEWS_PER_HOUR: '2.5' }, 'AUDIT_PERSON_VIEWS_PER_HOUR'],
    [{ AUDIT_PERSON_VIEWS_PER_HOUR: 'thirty' }, 'AUDIT_PERSON_VIEWS_PER_HOUR'],
  ])('refuses %o naming the variable', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});
