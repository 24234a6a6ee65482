import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { configureEvidence } from '../evidence/evidence.service.js';
import { runRetention, type RunReport } from '../retention/retention.service.js';
import { systemClock } from '../shared/clock.js';
import { StartupError, openMigratedDatabase } from '../startup.js';

const usage = `Usage: npm run retention -- [--dry-run]
Anonymises the closed cases whose retention period has ended (as the server does once a day).
With --dry-run it only prints what would be anonymised, by reference and in counts, and changes nothing.`;

class UsageError extends Error {}

function parse() {
  try {
    return parseArgs({ options: { 'dry-run': { type: 'boolean' }, help: { type: 'boolean' } } }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** References, due days and counts only: never a name or any content of a case. */
function describe(report: RunReport): string {
  const lines: string[] = [];
  const verb = report.dryRun ? 'Would anonymise' : 'Anonymised';
  lines.push(`${verb} ${report.cases.length} case(s) and ${report.people} person record(s).`);
  for (const c of report.cases) {
    const n = c.counts;
    lines.push(`  ${c.reference}  due ${c.dueOn}  timeline texts ${n.timelineTexts}, documents ${n.documents}, referrals ${n.referrals}, transfers ${n.transfers}; person: ${c.person}`);
  }
  if (report.held.length) {
    lines.push(`Kept on legal hold: ${report.held.length} case(s).`);
    for (const h of report.held) lines.push(`  ${h.reference}  due ${h.dueOn}  on legal hold`);
  }
  if (report.dryRun) lines.push('Dry run: nothing was changed.');
  else if (report.scrub && !report.scrub.walScrubbed) lines.push('The write-ahead log was in use by another reader: old values stay in it until later writes overwrite it.');
  return lines.join('\n');
}

async function main() {
  const values = parse();
  if (values.help) {
    console.log(usage);
    return;
  }
  const config = loadConfig();
  const db = openMigratedDatabase(config.databasePath);
  // The files of the cases it anonymises are removed from DATA_DIR/evidence after each commit.
  configureEvidence(config.evidence);
  try {
    const report = await runRetention(db, systemClock.now(), { dryRun: !!values['dry-run'], source: 'cli' });
    console.log(describe(report));
  } finally {
    db.$client.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) console.error(`${error.message}\n${usage}`);
  else if (error instanceof ConfigError || error instanceof StartupError) console.error(error.message);
  else console.error(`Error: ${(error as Error).message}`);
  process.exit(1);
});
