import { systemClock } from '../shared/clock.js';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { ConfigError, loadConfig } from '../config.js';
import { findContactPointByPrefix, listActiveContactPoints } from '../contact-points/contact-points.repo.js';
import type { Db } from '../db/client.js';
import { translator } from '../i18n/index.js';
import { StartupError, openMigratedDatabase } from '../startup.js';
import { UserForm, newPasswordField } from '../users/users.schema.js';
import { createUserWithPassword } from '../users/users.service.js';
import { roles } from '../users/users.table.js';

const usage = `Usage: npm run user:create -- --email EMAIL --role ${roles.join('|')} [--name "Display Name"] [--contact-point PREFIX ...]
A counsellor needs exactly one --contact-point, a supervisor one or more.
The password is asked for (or read from standard input), never taken from the command line.`;

/** A mistake in the command line: its message is printed as it is, followed by a pointer to the usage. */
class UsageError extends Error {}

const optionOf: Record<string, string> = { email: '--email', displayName: '--name', role: '--role', contactPointIds: '--contact-point' };

/** The form's messages in words (they are translation keys), each naming its option and, where it helps, the valid values. */
function contactPointList(db: Db): string {
  const prefixes = listActiveContactPoints(db).map((cp) => cp.refPrefix);
  return `Contact points: ${prefixes.join(', ') || 'none yet (an administrator adds them in the app)'}.`;
}

function describeIssues(db: Db, issues: z.core.$ZodIssue[]): string {
  const { t } = translator('en');
  return issues
    .map((issue) => {
      const field = String(issue.path[0] ?? '');
      let line = `${optionOf[field] ?? field}: ${t(issue.message)}`;
      if (field === 'role') line += ` Valid roles: ${roles.join(', ')}.`;
      if (field === 'contactPointIds') line += ` ${contactPointList(db)}`;
      return line;
    })
    .join('\n');
}

let piped: Promise<string[]> | undefined;

/** Reads one line: typed at a terminal without echo, or the next line of piped standard input. */
async function readSecret(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    piped ??= (async () => {
      let data = '';
      for await (const chunk of process.stdin) data += String(chunk);
      return data.split(/\r?\n/);
    })();
    return (await piped).shift() ?? '';
  }
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    process.stdout.write(prompt);
    // Keep the password off the screen.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
    rl.once('line', (line) => {
      rl.close();
      process.stdout.write('\n');
      resolve(line);
    });
  });
}

function parse() {
  try {
    return parseArgs({
      options: {
        email: { type: 'string' },
        role: { type: 'string' },
        name: { type: 'string' },
        'contact-point': { type: 'string', multiple: true },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (error) {
    // node:util names the problem well ("Unknown option '--bogus'"); it is a usage mistake, not a crash.
    throw new UsageError((error as Error).message);
  }
}

async function main() {
  const values = parse();
  if (values.help) {
    console.log(usage);
    return;
  }
  if (!values.email || !values.role) {
    console.error(usage);
    process.exit(1);
  }
  const config = loadConfig(process.env, { needsTotpKey: false });
  const db = openMigratedDatabase(config.databasePath);

  const cpIds: number[] = [];
  for (const prefix of values['contact-point'] ?? []) {
    const cp = findContactPointByPrefix(db, prefix.toUpperCase());
    if (!cp) throw new UsageError(`--contact-point: no contact point has the prefix ${prefix}. ${contactPointList(db)}`);
    cpIds.push(cp.id);
  }
  const parsed = UserForm.safeParse({
    email: values.email,
    displayName: values.name ?? values.email,
    role: values.role,
    languages: 'en',
    contactPointIds: cpIds.map(String),
    active: 'on',
  });
  if (!parsed.success) throw new UsageError(describeIssues(db, parsed.error.issues));

  const password = await readSecret('Password (at least 12 characters): ');
  const passwordCheck = newPasswordField.safeParse(password);
  if (!passwordCheck.success) throw new Error('The password must be 12 to 128 characters long.');
  if (process.stdin.isTTY && (await readSecret('Repeat the password: ')) !== password) throw new Error('The passwords differ.');

  const result = await createUserWithPassword(db, parsed.data, password, systemClock.now());
  if (!result.ok) throw new Error('A user with this email already exists.');
  console.log(`Created ${parsed.data.role} ${parsed.data.email}.`);
  db.$client.close();
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) console.error(`${error.message}\nRun with --help for the usage.`);
  else if (error instanceof ConfigError || error instanceof StartupError) console.error(error.message);
  else console.error(`Error: ${(error as Error).message}`);
  process.exit(1);
});
