/**
 * `npm run fuzz -- --count 10000 [--seed=N]`: the bad-input property test (test/integration/fuzz.test.ts) with more
 * generated requests than CI sends; `--seed=N` replays a run that failed (fast-check prints its seed, often negative).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { count: { type: 'string', default: '10000' }, seed: { type: 'string' } } });
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1) {
  console.error('--count must be a positive whole number');
  process.exit(1);
}
if (values.seed !== undefined && !Number.isInteger(Number(values.seed))) {
  console.error('--seed must be a whole number');
  process.exit(1);
}
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const env = { ...process.env, FUZZ_COUNT: String(count), ...(values.seed !== undefined ? { FUZZ_SEED: values.seed } : {}) };
const run = spawnSync(process.execPath, [vitest, 'run', '--project', 'integration', 'test/integration/fuzz.test.ts'], { stdio: 'inherit', env });
process.exit(run.status ?? 1);
