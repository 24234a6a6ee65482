import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.repo.js';
import { appendEvent, yearIn } from '../cases/cases.service.js';
import * as repo from '../collective/collective.repo.js';
import { formatGroupReference } from '../collective/collective.service.js';
import { contactPoints } from '../contact-points/contact-points.table.js';
import type { Db } from '../db/client.js';
import { write } from '../db/write.js';
import { users } from '../users/users.table.js';

/**
 * A collective case of the demo (issue 15): London's open cases against the party they name most, grouped an hour
 * after the last of them moved (and before now), with one shared entry. Seeded the same way every time.
 */
export async function seedDemoCollective(db: Db, now: number): Promise<void> {
  await write(db, (tx) => {
    const cp = tx.select().from(contactPoints).where(eq(contactPoints.refPrefix, 'LDN')).get();
    const counsellor = tx.select({ id: users.id }).from(users).where(eq(users.email, 'counsellor@demo.test')).get();
    if (!cp || !counsellor) return;
    const byParty = new Map<number, { caseId: number; lastActivityAt: number }[]>();
    for (const r of repo.openCasesWithParties(tx, cp.id)) byParty.set(r.partyId, [...(byParty.get(r.partyId) ?? []), r]);
    const [partyId, members] = [...byParty].sort((a, b) => b[1].length - a[1].length || a[0] - b[0])[0] ?? [];
    if (partyId === undefined || !members || members.length < 2) return;
    const at = Math.min(now - 60_000, Math.max(...members.map((m) => m.lastActivityAt)) + 3_600_000);
    const year = yearIn(cp.timezone, at);
    const group = repo.insertCollective(tx, {
      reference: formatGroupReference(cp.refPrefix, year, repo.bumpCollectiveSequence(tx, cp.id, year)),
      contactPointId: cp.id,
      partyId,
      title: 'Holiday pay withheld from the whole crew',
      summary: 'Every worker placed by this party was refused holiday pay over the same months. One claim, negotiated together; each worker keeps their own case.',
      createdAt: at,
      createdBy: counsellor.id,
    });
    recordAudit(tx, { userId: counsellor.id, action: 'create', targetType: 'collective', targetId: group.id, contactPointId: cp.id, fields: ['title', 'summary', 'partyId', 'members'] }, at);
    for (const m of members) {
      repo.insertMember(tx, { collectiveId: group.id, caseId: m.caseId, joinedAt: at, joinedBy: counsellor.id });
      appendEvent(tx, { caseId: m.caseId, userId: counsellor.id, kind: 'collective', data: { action: 'joined', collectiveId: group.id, reference: group.reference } }, at);
    }
    repo.insertEntry(tx, { collectiveId: group.id, at, userId: counsellor.id, kind: 'meeting', body: 'Crew meeting at the desk: everyone agreed to claim together and to let the union negotiate.' });
  });
}
