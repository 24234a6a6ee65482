import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type Agent, type TestApp } from '../helpers/app.js';
import { demo, makeCase } from '../helpers/factories.js';

let t: TestApp;
let d: ReturnType<typeof demo>;

beforeEach(async () => {
  t = await createTestApp();
  d = demo(t.db);
});
afterEach(async () => {
  await t.close();
});

/** The options of the select `id` on a page: value and label, in the order shown. */
function optionsOf(html: string, id: string) {
  const select = new RegExp(`<select id="${id}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
  if (!select) throw new Error(`no select #${id}`);
  return [...select[1]!.matchAll(/<option value="([^"]*)"([^>]*)>([^<]*)<\/option>/g)].map((m) => ({ value: m[1]!, label: m[3]!, selected: m[2]!.includes('selected') }));
}

async function inFrench(email: string): Promise<Agent> {
  const agent = await signIn(t.app, email);
  await agent.get('/account');
  expect((await agent.post('/account/language', { locale: 'fr' })).statusCode).toBe(303);
  return agent;
}

describe('countries are chosen from ISO 3166, named and sorted in the reader’s language', () => {
  it('on the case edit form, the party form and the partner form', async () => {
    const counsellor = await inFrench('counsellor@demo.test');
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, jurisdictionCountry: 'DE' });

    const edit = optionsOf((await counsellor.get(`/cases/${kase.id}/edit`)).body, 'f-jurisdictionCountry');
    expect(edit[0]).toEqual({ value: '', label: 'Choisir un pays…', selected: false });
    expect(edit.find((o) => o.selected)).toEqual({ value: 'DE', label: 'Allemagne', selected: true });
    expect(edit.length).toBeGreaterThan(240);
    // Sorted as a French reader expects: "Égypte" among the E's, not after "Zimbabwe".
    const labels = edit.slice(1).map((o) => o.label);
    expect(labels).toEqual([...labels].sort(new Intl.Collator('fr').compare));
    expect(labels.indexOf('Égypte')).toBeLessThan(labels.indexOf('Espagne'));
    expect(edit.some((o) => o.value === 'UK' || o.value === 'EU')).toBe(false);

    const party = optionsOf((await counsellor.get(`/cases/${kase.id}/parties/new`)).body, 'f-country');
    expect(party[0]).toEqual({ value: '', label: 'Inconnu', selected: true });
    expect(party.find((o) => o.value === 'GB')?.label).toBe('Royaume-Uni');

    // The partner directory is kept by administrators.
    const admin = await inFrench('admin@demo.test');
    const partner = optionsOf((await admin.get('/partners/new')).body, 'f-country');
    expect(partner.find((o) => o.value === 'IE')?.label).toBe('Irlande');
  });

  it('a country that is not in the list is refused with a message, and nothing is saved', async () => {
    const counsellor = await signIn(t.app, 'counsellor@demo.test');
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id });
    const page = await counsellor.get(`/cases/${kase.id}/edit`);
    const version = /name="version" value="([^"]+)"/.exec(page.body)![1]!;
    const res = await counsellor.post(`/cases/${kase.id}/edit`, { version, jurisdictionCountry: 'XX', priority: 'normal', summary: 'Unpaid wages for six weeks.' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('id="f-jurisdictionCountry-error"');
    expect((t.db.$client.prepare('select jurisdiction_country as c from cases where id = ?').get(kase.id) as { c: string }).c).toBe('GB');
  });
});
