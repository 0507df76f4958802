import { describe, expect, it } from 'vitest';
import { canonicalJson, chainHash, checkLink, GENESIS_HASH } from '../src/core/audit/hash-chain.js';
import { SYSTEM } from '../src/core/auth/policy.js';
import { createServices } from '../src/services/index.js';
import { describeEachDialect } from './helpers/db.js';
import { organisationFields } from './helpers/factories.js';

describe('hash chain', () => {
  it('hashes canonical JSON, so key order does not matter', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
    const facts = {
      seq: 1,
      at: '2026-11-28T00:00:00.000Z',
      actorUserId: null,
      actorLabel: 'x',
      action: 'a',
      entityType: 't',
      entityId: 'i',
      summary: { y: 1, x: 2 },
    };
    expect(chainHash(GENESIS_HASH, facts)).toBe(
      chainHash(GENESIS_HASH, { ...facts, summary: { x: 2, y: 1 } }),
    );
  });

  it('names what is wrong with a link', () => {
    const facts = {
      seq: 1,
      at: '2026-11-28T00:00:00.000Z',
      actorUserId: null,
      actorLabel: 'x',
      action: 'a',
      entityType: 't',
      entityId: 'i',
      summary: {},
    };
    const link = { ...facts, prevHash: GENESIS_HASH, hash: chainHash(GENESIS_HASH, facts) };
    expect(checkLink(GENESIS_HASH, 1, link)).toEqual({ ok: true });
    expect(checkLink(GENESIS_HASH, 2, link)).toMatchObject({ ok: false });
    expect(checkLink(GENESIS_HASH, 1, { ...link, action: 'b' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('changed'),
    });
  });
});

describeEachDialect('audit log', (db) => {
  it('appends one entry per change, in the same transaction, and the chain verifies', async () => {
    const services = createServices(db());
    const org = await services.registry.createOrganisation(SYSTEM, organisationFields());
    await services.registry.updateOrganisation(SYSTEM, org.id, { nameEn: 'Renamed operator' });
    const { items } = await services.audit.list(SYSTEM, { entityId: org.id });
    expect(items.map((e) => e.action)).toEqual(['organisation.updated', 'organisation.created']);
    expect(items[0]!.summary).toMatchObject({ nameEn: [org.nameEn, 'Renamed operator'] });
    expect(await services.audit.verify(SYSTEM)).toMatchObject({ ok: true, firstBrokenSeq: null });
  });

  it('keeps the chain whole under concurrent changes', async () => {
    const services = createServices(db());
    await Promise.all(
      Array.from({ length: 20 }, () =>
        services.registry.createOrganisation(SYSTEM, organisationFields()),
      ),
    );
    const result = await services.audit.verify(SYSTEM);
    expect(result.ok).toBe(true);
    expect(result.checked).toBeGreaterThanOrEqual(22);
  });

  it('writes no entry for a change that fails', async () => {
    const services = createServices(db());
    const before = (await services.audit.verify(SYSTEM)).checked;
    await expect(
      services.registry.createOrganisation(
        SYSTEM,
        organisationFields({ parentId: '01234567-89ab-7def-8123-456789abcdef' }),
      ),
    ).rejects.toThrow();
    expect((await services.audit.verify(SYSTEM)).checked).toBe(before);
  });

  it('reports the first entry edited directly in the database', async () => {
    const services = createServices(db());
    await db()
      .db.updateTable('audit_log')
      .set({ actor_label: 'someone else' })
      .where('seq', '=', 2)
      .execute();
    expect(await services.audit.verify(SYSTEM)).toMatchObject({
      ok: false,
      firstBrokenSeq: 2,
      checked: 1,
    });
  });
});
