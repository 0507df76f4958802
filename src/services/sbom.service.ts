import type { Sbom, SbomComponent } from '../contract/advisories.js';
import { inventoryKeys } from '../core/advisories/match.js';
import { parseSbom } from '../core/advisories/sbom.js';
import { authorize, type Action, type Actor } from '../core/auth/policy.js';
import { notFound } from '../core/errors.js';
import { uuidv7 } from '../core/ids.js';
import type { Database } from '../storage/database.js';
import { matchAssets, type MatchOutcome } from './matching.js';
import { inTransaction, repositories, type UnitOfWork } from './unit-of-work.js';

/**
 * SBOMs uploaded per system (an asset): their components join the inventory advisories are
 * matched against, in the same transaction as the upload.
 */
export class SbomService {
  constructor(
    private readonly database: Database,
    private readonly now: () => string,
  ) {}

  private async assetFor(uow: UnitOfWork | null, actor: Actor, action: Action, assetId: string) {
    const repos = uow?.repos ?? repositories(this.database.db, this.database.dialect);
    const asset = await repos.assets.get(assetId);
    if (!asset) throw notFound('asset', assetId);
    const org = (await repos.organisations.get(asset.orgId))!;
    authorize(actor, action, org);
    return asset;
  }

  async upload(
    actor: Actor,
    assetId: string,
    fileName: string,
    text: string,
  ): Promise<Sbom & { matches: MatchOutcome }> {
    // Text that is not JSON goes to the parser as it is: it names XML and tag-value SBOMs.
    let document: unknown = text;
    try {
      document = JSON.parse(text);
    } catch {
      // refused by parseSbom with its reason
    }
    const parsed = parseSbom(document);
    return inTransaction(
      this.database,
      actor,
      async (uow) => {
        const asset = await this.assetFor(uow, actor, 'sbom.write', assetId);
        const sbom: Sbom = {
          id: uuidv7(),
          orgId: asset.orgId,
          assetId,
          format: parsed.format,
          specVersion: parsed.specVersion,
          name: parsed.name,
          fileName,
          componentCount: parsed.components.length,
          uploadedBy: actor.label,
          uploadedAt: uow.now,
        };
        // A new SBOM of a system replaces the previous one: it describes what runs now.
        for (const old of await uow.repos.advisories.sbomsOfAsset(assetId))
          await uow.repos.advisories.deleteSbom(old.id);
        await uow.repos.advisories.insertSbom(
          sbom,
          parsed.components.map((c) => ({
            id: uuidv7(),
            name: c.name,
            version: c.version,
            vendor: c.vendor,
            purl: c.purl,
            cpe: c.cpe,
            ...inventoryKeys({ vendor: c.vendor, product: c.name, cpe: c.cpe, purl: c.purl }),
          })),
        );
        const matches = await matchAssets(uow.repos, [assetId], uow.now);
        await uow.audit('sbom.uploaded', 'sbom', sbom.id, {
          assetId,
          fileName,
          format: sbom.format,
          components: sbom.componentCount,
        });
        return { ...sbom, matches };
      },
      this.now,
    );
  }

  async list(actor: Actor, assetId: string): Promise<Sbom[]> {
    await this.assetFor(null, actor, 'org.read', assetId);
    return repositories(this.database.db, this.database.dialect).advisories.sbomsOfAsset(assetId);
  }

  async components(actor: Actor, sbomId: string): Promise<SbomComponent[]> {
    const repos = repositories(this.database.db, this.database.dialect);
    const sbom = await repos.advisories.sbom(sbomId);
    if (!sbom) throw notFound('sbom', sbomId);
    await this.assetFor(null, actor, 'org.read', sbom.assetId);
    return repos.advisories.components(sbomId);
  }

  async remove(actor: Actor, sbomId: string): Promise<void> {
    await inTransaction(
      this.database,
      actor,
      async (uow) => {
        const sbom = await uow.repos.advisories.sbom(sbomId);
        if (!sbom) throw notFound('sbom', sbomId);
        await this.assetFor(uow, actor, 'sbom.write', sbom.assetId);
        const matched = await uow.repos.advisories.matchesOfAssets([sbom.assetId]);
        await uow.repos.advisories.deleteSbom(sbomId);
        await uow.repos.advisories.recount([...new Set(matched.map((m) => m.advisoryId))]);
        await uow.audit('sbom.deleted', 'sbom', sbomId, { assetId: sbom.assetId });
      },
      this.now,
    );
  }
}
