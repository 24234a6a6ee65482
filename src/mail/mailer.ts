import nodemailer from 'nodemailer';
import type { Config } from '../config.js';

export type Mail = { to: string; subject: string; text: string };

export type Mailer = {
  /** False when SMTP_URL is unset: reminders then show in the app only. */
  enabled: boolean;
  send(mail: Mail): Promise<void>;
  close(): void;
};

type Log = { info(msg: string): void };

/**
 * The one way e-mail leaves the system, over SMTP from SMTP_URL. What goes into a message is decided by its caller;
 * the reminder digest carries case references and deadline titles only.
 */
export function createMailer(config: Pick<Config, 'smtpUrl' | 'baseUrl'>, log?: Log): Mailer {
  if (!config.smtpUrl) {
    log?.info('SMTP_URL is not set: e-mail is off, reminders show in the app only');
    return {
      enabled: false,
      async send() {
        throw new Error('e-mail is off (SMTP_URL is not set)');
      },
      close() {},
    };
  }
  const transport = nodemailer.createTransport(config.smtpUrl);
  const from = `UnionDesk <no-reply@${new URL(config.baseUrl).hostname}>`;
  return {
    enabled: true,
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close() {
      transport.close();
    },
  };
}
