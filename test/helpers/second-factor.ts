import { Secret, TOTP } from 'otpauth';
import type { Agent } from './app.js';

/** The code an authenticator app shows at `at` (the app's clock in tests: the TestClock). */
export const codeAt = (secret: string, at: number) => new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: at });

export const secretOnPage = (html: string) => /id="totp-secret">([^<]+)</.exec(html)?.[1]?.replace(/ /g, '');
export const ticketOnPage = (html: string) => /name="otpTicket" value="([^"]+)"/.exec(html)?.[1];
export const codesOnPage = (html: string) =>
  [...(/<ol class="mono" id="recovery-codes">([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '').matchAll(/<li>([^<]+)<\/li>/g)].map((m) => m[1]!);

/**
 * Sets up a second factor from the set-up page, as a user would, for an agent that can open it (signed in, or owing
 * the enrolment); returns the secret and the recovery codes shown.
 */
export async function enrolSecondFactor(agent: Agent, now: number): Promise<{ secret: string; codes: string[] }> {
  const page = await agent.get('/account/second-factor');
  const secret = secretOnPage(page.body);
  const ticket = ticketOnPage(page.body);
  if (!secret || !ticket) throw new Error(`no set-up form for the second factor: ${page.statusCode}`);
  const done = await agent.post('/account/second-factor', { otp: codeAt(secret, now), otpTicket: ticket });
  if (done.statusCode !== 200) throw new Error(`setting up the second factor answered ${done.statusCode}`);
  return { secret, codes: codesOnPage(done.body) };
}
