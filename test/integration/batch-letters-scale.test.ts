import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { letterBatchItems, letterBatches } from '../../src/batch-letters/batch-letters.table.js';
import { createCollective } from '../../src/collective/collective.service.js';
import { documents } from '../../src/documents/documents.table.js';
import { createTestApp, signIn, textOf, type Agent, type TestApp } from '../helpers/app.js';
import { demo, makeCase } from '../helpers/factories.js';

let t: TestApp;
let d: ReturnType<typeof demo>;
let counsellor: Agent;

beforeEach(async () => {
  t = await createTestApp();
  d = demo(t.db);
  counsellor = await signIn(t.app, 'counsellor@demo.test');
});
afterEach(async () => {
  await t.close();
});

const actor = () => ({ id: d.counsellor.id, role: d.counsellor.role, contactPointIds: [d.ldn.id] });

async function groupOf(size: number) {
  const caseIds = Array.from({ length: size }, () => makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id }).id);
  const group = await createCollective(t.db, { contactPointId: d.ldn.id, title: 'Riverside night shift', summary: '', partyId: null, partyName: 'Riverside Foods Ltd', partyKind: 'employer', caseIds }, { actor: actor(), clientAddress: null, now: t.clock.now() });
  return group.id;
}

async function start(groupId: number) {
  await counsellor.get(`/collectives/${groupId}/letters`);
  const res = await counsellor.post(`/collectives/${groupId}/letters`, { kind: 'worker_summary', safeToKeep: 'on' });
  expect(res.statusCode).toBe(303);
  return { url: res.headers.location as string, batchId: Number((res.headers.location as string).split('/').pop()) };
}

const storedCount = () => t.db.select({ n: count() }).from(documents).get()!.n;

describe('a batch of 500 letters', () => {
  it('completes, one stored letter per worker, while the server goes on answering other requests', { timeout: 600_000 }, async () => {
    const groupId = await groupOf(500);
    const { url, batchId } = await start(groupId);

    // Pages asked for while the batch runs are answered before it ends: the runner yields between two letters.
    const during = await counsellor.get(`/collectives/${groupId}`);
    expect(during.statusCode).toBe(200);
    expect(textOf(during.body)).toContain('Riverside night shift');
    const progress = textOf((await counsellor.get(url, { 'hx-request': 'true' })).body);
    const done = Number(/(\d+) of 500 workers done/.exec(progress)![1]);
    expect(done).toBeLessThan(500);
    expect(t.db.select().from(letterBatches).get()!.status).toBe('running');

    await t.app.letterBatches.settled(batchId);
    expect(t.db.select().from(letterBatches).get()!.status).toBe('done');
    expect(storedCount()).toBe(500);
    expect(new Set(t.db.select({ caseId: documents.caseId }).from(documents).all().map((r) => r.caseId)).size).toBe(500);
    expect(textOf((await counsellor.get(url)).body)).toContain('500 of 500 workers done');
  });

  it('a batch left running when the server stops resumes when it starts again, and makes no letter twice', { timeout: 120_000 }, async () => {
    const groupId = await groupOf(12);
    const { batchId } = await start(groupId);
    // The server stops: the letter being made is finished, the rest stays pending.
    await t.app.letterBatches.stop();
    const pendingAtStop = t.db.select({ n: count() }).from(letterBatchItems).where(eq(letterBatchItems.status, 'pending')).get()!.n;
    expect(pendingAtStop).toBeGreaterThan(0);
    expect(t.db.select().from(letterBatches).get()!.status).toBe('running');
    expect(storedCount()).toBe(12 - pendingAtStop);

    const again = await buildApp({ config: t.config, db: t.db, clock: t.clock, logger: false });
    await again.ready();
    await again.letterBatches.settled(batchId);
    await again.close();
    expect(t.db.select().from(letterBatches).get()!.status).toBe('done');
    expect(storedCount()).toBe(12);
    expect(new Set(t.db.select({ caseId: documents.caseId }).from(documents).all().map((r) => r.caseId)).size).toBe(12);
  });
});
