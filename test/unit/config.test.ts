import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    expect(loadConfig({ NODE_ENV: 'production', TOTP_KEY: key.toString('base64'), EVIDENCE_KEY: key.toString('base64') }).totpKey).toEqual(key);
    // Outside production, a published development key, flagged as such.
    const dev = loadConfig({});
    expect(dev.developmentTotpKey).toBe(true);
    expect(dev.totpKey).toHaveLength(32);
    expect(() => loadConfig({ NODE_ENV: 'production', EVIDENCE_KEY: key.toString('base64') })).toThrow(/^Invalid configuration: TOTP_KEY: must be set in production, 32 random bytes in base64 \(openssl rand -base64 32\)\. [^\n]*$/);
    for (const bad of [Buffer.alloc(16, 1).toString('base64'), Buffer.alloc(33, 1).toString('base64'), 'a'.repeat(64), 'not a key'])
      expect(() => loadConfig({ TOTP_KEY: bad }), bad).toThrow(/^Invalid configuration: TOTP_KEY: must be 32 random bytes in base64/);
    // Told together with the other bad settings, never the key itself.
    const both = () => loadConfig({ NODE_ENV: 'production', PORT: 'abc' });
    expect(both).toThrow(/PORT: .*; TOTP_KEY: must be set in production/);
    expect(() => loadConfig({ TOTP_KEY: 'x'.repeat(43) + '!' })).not.toThrow(/x{43}/);
  });

  it('takes EVIDENCE_KEY (or EVIDENCE_KEY_FILE) and the evidence limits; production requires the key', () => {
    const key = Buffer.alloc(32, 2);
    const c = loadConfig({ DATABASE_PATH: '/srv/desk/desk.sqlite', EVIDENCE_KEY: key.toString('hex') });
    expect(c.evidence).toEqual({ dir: '/srv/desk/evidence', key, developmentKey: false, maxFileBytes: 25 * 1024 * 1024, maxCaseBytes: 200 * 1024 * 1024, clamdSocket: undefined, pdftoppm: 'pdftoppm' });
    expect(loadConfig({ PDFTOPPM: '/opt/poppler/bin/pdftoppm' }).evidence.pdftoppm).toBe('/opt/poppler/bin/pdftoppm');
    expect(loadConfig({}).evidence.developmentKey).toBe(true);
    expect(loadConfig({ DATA_DIR: '/data', EVIDENCE_MAX_FILE_MB: '10', EVIDENCE_MAX_CASE_MB: '50', CLAMD_SOCKET: '/run/clamav/clamd.ctl' }).evidence).toMatchObject({
      dir: '/data/evidence',
      maxFileBytes: 10 * 1024 * 1024,
      maxCaseBytes: 50 * 1024 * 1024,
      clamdSocket: '/run/clamav/clamd.ctl',
    });
    expect(() => loadConfig({ NODE_ENV: 'production', TOTP_KEY: key.toString('base64') })).toThrow(/^Invalid configuration: EVIDENCE_KEY: must be set in production \(or EVIDENCE_KEY_FILE\)/);
    expect(() => loadConfig({ EVIDENCE_MAX_FILE_MB: '0' })).toThrow(/EVIDENCE_MAX_FILE_MB: must be a number of megabytes greater than 0/);
    expect(() => loadConfig({ EVIDENCE_KEY: 'x', EVIDENCE_KEY_FILE: '/k' })).toThrow(/EVIDENCE_KEY, EVIDENCE_KEY_FILE: set one of them, not both/);
    expect(() => loadConfig({ DATA_DIR: '/data', EVIDENCE_KEY_FILE: '/data/evidence/key' })).toThrow(/EVIDENCE_KEY_FILE: the key file is inside DATA_DIR\/evidence/);
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

  describe('backups', () => {
    const HEX = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';
    const oneLine = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        const message = (error as Error).message;
        expect(message).not.toContain('\n');
        return message;
      }
      throw new Error('accepted');
    };

    it('are off by default; DATA_DIR defaults to the database folder', () => {
      expect(loadConfig({ DATABASE_PATH: '/var/lib/uniondesk/uniondesk.sqlite' })).toMatchObject({
        dataDir: '/var/lib/uniondesk',
        backup: { dir: undefined, everyMs: undefined, keep: 14, key: undefined, keyFile: undefined },
      });
    });

    it('read BACKUP_EVERY as minutes, hours or days, and the key as hex or base64', () => {
      const c = loadConfig({ BACKUP_DIR: '/srv/backups', BACKUP_EVERY: '6h', BACKUP_KEEP: '30', BACKUP_KEY: HEX });
      expect(c.backup).toMatchObject({ dir: '/srv/backups', everyMs: 6 * 3_600_000, keep: 30 });
      expect(c.backup.key?.toString('hex')).toBe(HEX);
      expect(loadConfig({ BACKUP_DIR: '/b', BACKUP_EVERY: '30m' }).backup.everyMs).toBe(1_800_000);
      expect(loadConfig({ BACKUP_DIR: '/b', BACKUP_EVERY: '1d' }).backup.everyMs).toBe(86_400_000);
      const b64 = Buffer.from(HEX, 'hex').toString('base64');
      expect(loadConfig({ BACKUP_KEY: b64 }).backup.key?.toString('hex')).toBe(HEX);
      expect(loadConfig({ BACKUP_KEY: b64.replace(/=$/, '') }).backup.key?.toString('hex')).toBe(HEX);
    });

    it.each([
      [{ BACKUP_EVERY: '6h' }, 'BACKUP_EVERY: needs BACKUP_DIR'],
      [{ BACKUP_DIR: '/b', BACKUP_EVERY: 'often' }, 'BACKUP_EVERY: must be a number of minutes, hours or days'],
      [{ BACKUP_DIR: '/b', BACKUP_EVERY: '0m' }, 'BACKUP_EVERY: must be between 1m and 30d'],
      [{ BACKUP_KEEP: '0' }, 'BACKUP_KEEP'],
      [{ BACKUP_KEY: 'correct horse battery staple' }, 'BACKUP_KEY: must be 32 bytes'],
      [{ BACKUP_KEY: HEX.slice(2) }, 'BACKUP_KEY: must be 32 bytes'],
      [{ BACKUP_KEY: HEX, BACKUP_KEY_FILE: '/etc/uniondesk/backup.key' }, 'set one of them, not both'],
      [{ BACKUP_KEY_FILE: '/nonexistent/backup.key' }, 'BACKUP_KEY_FILE /nonexistent/backup.key: cannot read the file (ENOENT)'],
    ])('refuse %o in one line naming the variable, never the key', (env, expected) => {
      const message = oneLine(env);
      expect(message).toContain(expected);
      expect(message).toMatch(/^Invalid configuration: .*See the configuration table in README\.md\.$/);
      if ('BACKUP_KEY' in env) expect(message).not.toContain(env.BACKUP_KEY);
    });

    it('take the key from a key file, and refuse a key file inside BACKUP_DIR or one that holds no key', () => {
      const dir = mkdtempSync(join(tmpdir(), 'uniondesk-key-'));
      try {
        writeFileSync(join(dir, 'text.key'), `${HEX}\n`);
        writeFileSync(join(dir, 'raw.key'), Buffer.from(HEX, 'hex'));
        writeFileSync(join(dir, 'bad.key'), 'my secret passphrase');
        expect(loadConfig({ BACKUP_KEY_FILE: join(dir, 'text.key') }).backup).toMatchObject({ keyFile: join(dir, 'text.key') });
        expect(loadConfig({ BACKUP_KEY_FILE: join(dir, 'raw.key') }).backup.key?.toString('hex')).toBe(HEX);
        expect(oneLine({ BACKUP_KEY_FILE: join(dir, 'bad.key') })).toContain(`BACKUP_KEY_FILE ${join(dir, 'bad.key')}: the file must be 32 bytes`);
        expect(oneLine({ BACKUP_KEY_FILE: join(dir, 'text.key'), BACKUP_DIR: dir })).toContain('BACKUP_KEY_FILE: the key file is inside BACKUP_DIR');
        expect(oneLine({ BACKUP_KEY_FILE: join(dir, 'text.key'), BACKUP_DIR: join(dir, '.') })).toContain('inside BACKUP_DIR');
        expect(loadConfig({ BACKUP_KEY_FILE: join(dir, 'text.key'), BACKUP_DIR: join(dir, 'backups') }).backup.key).toBeDefined();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
