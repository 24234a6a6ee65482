import { recordAudit } from '../audit/audit.repo.js';
import type { Db } from '../db/client.js';
import { write } from '../db/write.js';
import { notFound } from '../shared/errors.js';
import * as repo from './partners.repo.js';
import type { PartnerInput } from './partners.schema.js';
import type { Partner } from './partners.table.js';
import { isCurrent, savedRow, staleResult, type Stale } from '../shared/versions.js';

export function createPartner(db: Db, input: PartnerInput, actorId: string, clientAddress: string | null, now: number): Promise<Partner> {
  return write(db, (tx) => {
    const partner = repo.insertPartner(tx, input, actorId, now);
    recordAudit(tx, { userId: actorId, action: 'create', targetType: 'partner', targetId: partner.id, fields: Object.keys(input), clientAddress }, now);
    return partner;
  });
}

export type PartnerEditResult = { ok: true; changed: string[] } | Stale<Partner>;

/**
 * Saves the directory entry, from a form loaded at `version` (if it changed since, nothing is written: see
 * src/shared/versions.ts); the audit log gets the names of the fields changed.
 */
export function updatePartner(db: Db, id: number, input: PartnerInput, version: number | null, actorId: string, clientAddress: string | null, now: number): Promise<PartnerEditResult> {
  return write(
    db,
    (tx): PartnerEditResult => {
      const before = repo.findPartner(tx, id);
      if (!before) throw notFound();
      if (!isCurrent(version, before)) return staleResult(tx, { type: 'partner', id }, before, version);
      const changed = (Object.keys(input) as (keyof PartnerInput)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(input[k]));
      if (changed.length === 0) return { ok: true, changed: [] };
      const saved = savedRow(repo.updatePartnerRow(tx, id, input, actorId, now, before.version));
      recordAudit(tx, { userId: actorId, action: 'update', targetType: 'partner', targetId: id, fields: changed, clientAddress, version: saved.version }, now);
      return { ok: true, changed };
    },
  );
}
