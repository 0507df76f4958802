import type {
  Asset,
  Contact,
  Network,
  Organisation,
  OrganisationListQuery,
  Webhook,
  WebhookInput,
  CreatedWebhook,
} from '../contract/registry.js';
import type { Page } from '../contract/common.js';
import { changedFields } from '../core/audit/diff.js';
import {
  authorize,
  can,
  visibility,
  type Action,
  type Actor,
  type OrgRef,
} from '../core/auth/policy.js';
import {
  DomainError,
  forbidden,
  notFound,
  validationError,
  type FieldError,
} from '../core/errors.js';
import { uuidv7 } from '../core/ids.js';
import {
  checkAssetInput,
  checkAssetPatch,
  checkContactInput,
  checkContactPatch,
  checkNetworkInput,
  checkOrganisationInput,
  checkOrganisationPatch,
} from '../core/registry/validation.js';
import { newSecret } from '../core/auth/secrets.js';
import type { Database } from '../storage/database.js';
import type { WebhooksTable } from '../storage/schema.js';
import type { NetworkDirectory } from './network-directory.js';
import { matchAssets } from './matching.js';
import { inTransaction, repositories, type UnitOfWork } from './unit-of-work.js';

function toWebhook(row: WebhooksTable): Webhook {
  return {
    id: row.id,
    orgId: row.org_id,
    url: row.url,
    allowPrivate: row.allow_private === 1,
    createdAt: row.created_at,
  };
}

function orgRef(org: Pick<Organisation, 'id' | 'parentId' | 'sector' | 'region'>): OrgRef {
  return { id: org.id, parentId: org.parentId, sector: org.sector, region: org.region };
}

function valid<T>(result: { value: T; errors: FieldError[] }): T {
  if (result.errors.length > 0) throw validationError(result.errors);
  return result.value;
}

interface ListOptions {
  cursor?: string;
  limit?: number;
}

/** Organisations, their contacts, networks and assets: every change authorised, validated and audited. */
export class RegistryService {
  constructor(
    private readonly database: Database,
    private readonly directory: NetworkDirectory,
  ) {}

  private get reader() {
    return repositories(this.database.db, this.database.dialect);
  }

  async listOrganisations(actor: Actor, query: OrganisationListQuery): Promise<Page<Organisation>> {
    authorize(actor, 'org.read');
    return this.reader.organisations.list(query, visibility(actor, 'org.read'));
  }

  async getOrganisation(actor: Actor, id: string): Promise<Organisation> {
    const org = await this.reader.organisations.get(id);
    if (!org) throw notFound('organisation', id);
    authorize(actor, 'org.read', orgRef(org));
    return org;
  }

  async organisationByExternalId(actor: Actor, externalId: string): Promise<Organisation> {
    const org = (await this.reader.organisations.byExternalIds([externalId])).get(externalId);
    if (!org) throw notFound('organisation', externalId);
    authorize(actor, 'org.read', orgRef(org));
    return org;
  }

  async createOrganisation(actor: Actor, input: unknown): Promise<Organisation> {
    const fields = valid(checkOrganisationInput(input));
    return inTransaction(this.database, actor, async (uow) => {
      const id = uuidv7();
      authorize(actor, 'org.create', orgRef({ id, ...fields }));
      await this.requireParent(uow, fields.parentId, id);
      const org = await uow.repos.organisations.insert(id, fields, uow.now);
      await uow.audit('organisation.created', 'organisation', id, {
        externalId: org.externalId,
        nameEn: org.nameEn,
        kind: org.kind,
      });
      return org;
    });
  }

  async updateOrganisation(actor: Actor, id: string, patch: unknown): Promise<Organisation> {
    return inTransaction(this.database, actor, async (uow) => {
      const before = await this.orgFor(uow, 'org.update', id);
      const fields = valid(checkOrganisationPatch(before, patch));
      // The result must stay within what the actor may manage: no moving an organisation out of one's remit.
      authorize(actor, 'org.update', orgRef({ id, ...fields }));
      await this.requireParent(uow, fields.parentId, id);
      await uow.repos.organisations.update(id, fields, uow.now);
      const after = (await uow.repos.organisations.get(id))!;
      await uow.audit('organisation.updated', 'organisation', id, changedFields(before, after));
      return after;
    });
  }

  async deleteOrganisation(actor: Actor, id: string): Promise<void> {
    await inTransaction(this.database, actor, async (uow) => {
      const org = await this.orgFor(uow, 'org.delete', id);
      const children = await uow.repos.organisations.countChildren(id);
      if (children > 0) {
        throw new DomainError(
          'conflict',
          `The organisation still has ${children} child organisations; move or delete them first`,
        );
      }
      // Its assets and their matches go with it; the advisories they counted towards are recounted.
      const matched = await uow.repos.advisories.advisoriesMatching(id);
      await uow.repos.organisations.delete(id);
      await uow.repos.advisories.recount(matched);
      await uow.audit('organisation.deleted', 'organisation', id, {
        externalId: org.externalId,
        nameEn: org.nameEn,
      });
    });
    await this.directory.reload();
  }

  async listContacts(actor: Actor, orgId: string, page: ListOptions): Promise<Page<Contact>> {
    await this.getOrganisation(actor, orgId);
    return this.reader.contacts.list(orgId, page.cursor, page.limit ?? 50);
  }

  async createContact(actor: Actor, orgId: string, input: unknown): Promise<Contact> {
    const fields = valid(checkContactInput(input));
    return inTransaction(this.database, actor, async (uow) => {
      await this.orgFor(uow, 'contact.write', orgId);
      const contact = await uow.repos.contacts.insert(uuidv7(), orgId, fields, uow.now);
      await uow.audit('contact.created', 'contact', contact.id, {
        orgId,
        name: contact.name,
        role: contact.role,
      });
      return contact;
    });
  }

  async updateContact(actor: Actor, id: string, patch: unknown): Promise<Contact> {
    return inTransaction(this.database, actor, async (uow) => {
      const before = await uow.repos.contacts.get(id);
      if (!before) throw notFound('contact', id);
      await this.orgFor(uow, 'contact.write', before.orgId);
      const fields = valid(checkContactPatch(before, patch));
      await uow.repos.contacts.update(id, fields, uow.now);
      const after = (await uow.repos.contacts.get(id))!;
      await uow.audit('contact.updated', 'contact', id, changedFields(before, after));
      return after;
    });
  }

  async deleteContact(actor: Actor, id: string): Promise<void> {
    await inTransaction(this.database, actor, async (uow) => {
      const contact = await uow.repos.contacts.get(id);
      if (!contact) throw notFound('contact', id);
      await this.orgFor(uow, 'contact.write', contact.orgId);
      await uow.repos.contacts.delete(id);
      await uow.audit('contact.deleted', 'contact', id, {
        orgId: contact.orgId,
        name: contact.name,
      });
    });
  }

  async listNetworks(actor: Actor, orgId: string, page: ListOptions): Promise<Page<Network>> {
    await this.getOrganisation(actor, orgId);
    return this.reader.networks.list(orgId, page.cursor, page.limit ?? 50);
  }

  async createNetwork(actor: Actor, orgId: string, input: unknown): Promise<Network> {
    const { network, version } = await inTransaction(this.database, actor, async (uow) => {
      await this.orgFor(uow, 'network.write', orgId);
      return this.addNetwork(uow, orgId, input, 'manual');
    });
    this.directory.apply({ added: [network], removed: [] }, version);
    return network;
  }

  /**
   * Registers a network inside the caller's transaction; the caller applies the returned
   * version to the directory once it commits. `field` names the input in errors.
   */
  async addNetwork(
    uow: UnitOfWork,
    orgId: string,
    input: unknown,
    source: string,
    field = '',
  ): Promise<{ network: Network; version: number }> {
    const checked = checkNetworkInput(input);
    const fields = valid({
      value: checked.value,
      errors: checked.errors.map((e) => ({ ...e, field: `${field}${e.field}` })),
    });
    const existing = (await uow.repos.networks.byValues([fields])).get(
      `${fields.type}:${fields.value}`,
    );
    if (existing) {
      throw new DomainError(
        'conflict',
        `${fields.value} is already registered to another organisation`,
        [{ field: `${field}/value`, reason: 'is already registered' }],
        { networkId: existing.id, orgId: existing.orgId },
      );
    }
    const network: Network = { id: uuidv7(), orgId, ...fields, source, createdAt: uow.now };
    await uow.repos.networks.insertMany([network]);
    await uow.audit('network.created', 'network', network.id, {
      orgId,
      value: network.value,
      source,
    });
    return { network, version: await this.bump(uow) };
  }

  /** Tells the directory about a network another service registered through {@link addNetwork}. */
  networkAdded(network: Network, version: number): void {
    this.directory.apply({ added: [network], removed: [] }, version);
  }

  async deleteNetwork(actor: Actor, id: string): Promise<void> {
    const version = await inTransaction(this.database, actor, async (uow) => {
      const network = await uow.repos.networks.get(id);
      if (!network) throw notFound('network', id);
      await this.orgFor(uow, 'network.write', network.orgId);
      await uow.repos.networks.delete(id);
      await uow.audit('network.deleted', 'network', id, {
        orgId: network.orgId,
        value: network.value,
      });
      return this.bump(uow);
    });
    this.directory.apply({ added: [], removed: [id] }, version);
  }

  async listAssets(actor: Actor, orgId: string, page: ListOptions): Promise<Page<Asset>> {
    await this.getOrganisation(actor, orgId);
    return this.reader.assets.list(orgId, page.cursor, page.limit ?? 50);
  }

  async createAsset(actor: Actor, orgId: string, input: unknown): Promise<Asset> {
    const fields = valid(checkAssetInput(input));
    return inTransaction(this.database, actor, async (uow) => {
      await this.orgFor(uow, 'asset.write', orgId);
      const asset = await uow.repos.assets.insert(uuidv7(), orgId, fields, uow.now);
      await matchAssets(uow.repos, [asset.id], uow.now);
      await uow.audit('asset.created', 'asset', asset.id, { orgId, name: asset.name });
      return asset;
    });
  }

  async updateAsset(actor: Actor, id: string, patch: unknown): Promise<Asset> {
    return inTransaction(this.database, actor, async (uow) => {
      const before = await uow.repos.assets.get(id);
      if (!before) throw notFound('asset', id);
      await this.orgFor(uow, 'asset.write', before.orgId);
      const fields = valid(checkAssetPatch(before, patch));
      await uow.repos.assets.update(id, fields, uow.now);
      await matchAssets(uow.repos, [id], uow.now);
      const after = (await uow.repos.assets.get(id))!;
      await uow.audit('asset.updated', 'asset', id, changedFields(before, after));
      return after;
    });
  }

  async deleteAsset(actor: Actor, id: string): Promise<void> {
    await inTransaction(this.database, actor, async (uow) => {
      const asset = await uow.repos.assets.get(id);
      if (!asset) throw notFound('asset', id);
      await this.orgFor(uow, 'asset.write', asset.orgId);
      // Its matches go with it; the advisories they counted towards are recounted.
      const matched = await uow.repos.advisories.matchesOfAssets([id]);
      await uow.repos.assets.delete(id);
      await uow.repos.advisories.recount([...new Set(matched.map((m) => m.advisoryId))]);
      await uow.audit('asset.deleted', 'asset', id, { orgId: asset.orgId, name: asset.name });
    });
  }

  async listWebhooks(actor: Actor, orgId: string): Promise<Webhook[]> {
    await this.getOrganisation(actor, orgId);
    return (await this.reader.messages.webhooks(orgId)).map(toWebhook);
  }

  /** Registers a receiver for the organisation's notices; its signing secret is shown this once. */
  async createWebhook(actor: Actor, orgId: string, input: WebhookInput): Promise<CreatedWebhook> {
    if (!URL.canParse(input.url))
      throw validationError([{ field: '/url', reason: 'is not a URL' }]);
    // Letting Fenghuo post into a private network is an administrator's decision.
    if (input.allowPrivate && !can(actor, 'user.manage'))
      throw forbidden('Only an administrator may allow a webhook to a private address');
    return inTransaction(this.database, actor, async (uow) => {
      await this.orgFor(uow, 'contact.write', orgId);
      const secret = newSecret('fh');
      const row = {
        id: uuidv7(),
        org_id: orgId,
        url: input.url,
        secret,
        allow_private: input.allowPrivate ? 1 : 0,
        created_at: uow.now,
      } as const;
      await uow.repos.messages.addWebhook(row);
      await uow.audit('webhook.created', 'webhook', row.id, {
        orgId,
        url: input.url,
        allowPrivate: input.allowPrivate ?? false,
      });
      return { webhook: toWebhook(row), secret };
    });
  }

  async deleteWebhook(actor: Actor, id: string): Promise<void> {
    await inTransaction(this.database, actor, async (uow) => {
      const hook = await uow.repos.messages.webhook(id);
      if (!hook) throw notFound('webhook', id);
      await this.orgFor(uow, 'contact.write', hook.org_id);
      await uow.repos.messages.deleteWebhook(id);
      await uow.audit('webhook.deleted', 'webhook', id, { orgId: hook.org_id, url: hook.url });
    });
  }

  /** Loads an organisation and checks the actor may do `action` on it. */
  private async orgFor(uow: UnitOfWork, action: Action, id: string): Promise<Organisation> {
    const org = await uow.repos.organisations.get(id);
    if (!org) throw notFound('organisation', id);
    authorize(uow.actor, action, orgRef(org));
    return org;
  }

  /** A parent must exist and must not be the organisation itself or one of its descendants. */
  private async requireParent(uow: UnitOfWork, parentId: string | null, id: string): Promise<void> {
    for (let cursor = parentId, depth = 0; cursor !== null; depth++) {
      if (cursor === id || depth > 64)
        throw validationError([{ field: '/parentId', reason: 'would make the hierarchy a cycle' }]);
      const parent = await uow.repos.organisations.get(cursor);
      if (!parent)
        throw validationError([
          { field: '/parentId', reason: `organisation ${cursor} does not exist` },
        ]);
      cursor = parent.parentId;
    }
  }

  private async bump(uow: UnitOfWork): Promise<number> {
    await uow.repos.networks.bumpVersion();
    return uow.repos.networks.version();
  }
}
