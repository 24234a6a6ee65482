import { can, type Actor } from '../auth/policy.js';
import type { DbOrTx } from '../db/client.js';
import { todayIn } from '../deadlines/compute.js';
import { timeZoneOf } from '../deadlines/deadlines.service.js';
import { evidenceSettings } from '../evidence/evidence.service.js';
import { evidenceCategories } from '../evidence/evidence.table.js';
import { PREVIEWABLE, typeCode } from '../evidence/sniff.js';
import type { Collective } from './collective.table.js';
import { groupDeadlinesView, ruleChoices } from './shared-deadlines.service.js';
import { filesOfGroup } from './shared-evidence.service.js';

/** What the group page shows of its shared files and shared deadlines (views/collective/_group-*.eta). */
export function sharedOnGroup(db: DbOrTx, actor: Actor, group: Collective, now: number) {
  const settings = evidenceSettings();
  const files = filesOfGroup(db, group.id);
  const mayUpdate = can(actor, 'case.update', group);
  return {
    files,
    heldBytes: files.reduce((n, f) => n + f.byteSize, 0),
    limits: settings ? { file: settings.maxFileBytes, case: settings.maxCaseBytes } : null,
    scanned: !!settings?.clamdSocket,
    categories: evidenceCategories,
    previewable: PREVIEWABLE,
    typeCode,
    deadlines: groupDeadlinesView(db, group),
    rules: mayUpdate ? ruleChoices(db, group, now) : [],
    today: todayIn(timeZoneOf(db, group.contactPointId), now),
  };
}
