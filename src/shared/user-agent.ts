import type { TFunction } from 'i18next';

/** A short "Browser on System" for the sessions list, in the reader's language; enough to recognise one's own devices. */
export function describeAgent(ua: string, t: TFunction): string {
  if (!ua) return t('devices.unknown');
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : t('devices.browser');
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : t('devices.unknownSystem');
  return t('devices.on', { browser, system: os });
}
