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

  it('marks cookies Secure when the base URL is https', () => {
    expect(loadConfig({ BASE_URL: 'https://desk.example.org/' })).toMatchObject({ baseUrl: 'https://desk.example.org', secureCookies: true });
  });

  it('trusts no proxy unless TRUST_PROXY names them, by address or CIDR range', () => {
    expect(loadConfig({ BASE_URL: 'https://desk.example.org' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1' }).trustProxy).toEqual(['127.0.0.1']);
    expect(loadConfig({ TRUST_PROXY: ' 127.0.0.1, 10.0.0.0/8 ,::1,fd00::/8' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8']);
    expect(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toEqual(['loopback']);
  });

  it.each(['true', '*', '10.0.0.0/33', '300.1.1.1', '127.0.0.1,', 'nginx', '10.0.0.0/8/1'])('refuses TRUST_PROXY=%s in one line', (value) => {
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(
      /^Invalid configuration: TRUST_PROXY: must be the addresses of the proxies in front of the app, comma-separated \(IP addresses or CIDR ranges, e\.g\. 127\.0\.0\.1 or 10\.0\.0\.0\/8\)\. See the configuration table in README\.md\.$/,
    );
  });

  it('refuses a hop count for TRUST_PROXY, saying why', () => {
    expect(() => loadConfig({ TRUST_PROXY: '1' })).toThrow(/^Invalid configuration: TRUST_PROXY: .*; a hop count is not accepted, since it would also trust a client that connects directly\. [^\n]*$/);
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
