import { recordAudit } from '../audit/audit.repo.js';
import type { Db } from '../db/client.js';
import { write } from '../db/write.js';
import { notFound } from '../shared/errors.js';
import * as repo from './partners.repo.js';
import type { PartnerInput } from './partners.schema.js';
import type { Partner } from './partners.table.js';

export function createPartner(db: Db, input: PartnerInput, actorId: string, clientAddress: string | null, now = Date.now()): Promise<Partner> {
  return write(db, (tx) => {
    const partner = repo.insertPartner(tx, input, actorId, now);
    recordAudit(tx, { userId: actorId, action: 'create', targetType: 'partner', targetId: partner.id, fields: Object.keys(input), clientAddress }, now);
    return partner;
  });
}

/** Saves the directory entry; the audit log gets the names of the fields changed. */
export function updatePartner(db: Db, id: number, input: PartnerInput, actorId: string, clientAddress: string | null, now = Date.now()): Promise<string[]> {
  return write(
    db,
    (tx) => {
      const before = repo.findPartner(tx, id);
      if (!before) throw notFound();
      const changed = (Object.keys(input) as (keyof PartnerInput)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(input[k]));
      if (changed.length === 0) return [];
      repo.updatePartnerRow(tx, id, input, actorId, now);
      recordAudit(tx, { userId: actorId, action: 'update', targetType: 'partner', targetId: id, fields: changed, clientAddress }, now);
      return changed;
    },
  );
}
