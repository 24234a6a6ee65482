import { systemClock } from '../shared/clock.js';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { findContactPointByPrefix } from '../contact-points/contact-points.repo.js';
import { migrateDatabase, openDatabase } from '../db/client.js';
import { UserForm, newPasswordField } from '../users/users.schema.js';
import { createUserWithPassword } from '../users/users.service.js';

const usage = 'Usage: npm run user:create -- --email EMAIL --role admin|supervisor|counsellor|coordinator [--name "Display Name"] [--contact-point PREFIX ...]\nThe password is asked for (or read from standard input), never taken from the command line.';

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

async function main() {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      'contact-point': { type: 'string', multiple: true },
      help: { type: 'boolean' },
    },
  });
  if (values.help || !values.email || !values.role) {
    console.error(usage);
    process.exit(values.help ? 0 : 1);
  }
  const config = loadConfig();
  const db = openDatabase(config.databasePath);
  migrateDatabase(db);

  const cpIds: number[] = [];
  for (const prefix of values['contact-point'] ?? []) {
    const cp = findContactPointByPrefix(db, prefix.toUpperCase());
    if (!cp) throw new Error(`No contact point with prefix ${prefix}`);
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
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));

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
  console.error(error instanceof ConfigError ? error.message : `Error: ${(error as Error).message}`);
  process.exit(1);
});
