import type { Generated } from 'kysely';
/**
 * The database as Kysely sees it. Column names are snake_case; booleans are stored as 0/1
 * integers and JSON as text (SQLite) or jsonb (PostgreSQL), read back through storage/json.ts.
 */
export type Flag = 0 | 1;
type Json = unknown;

export interface OrganisationsTable {
  id: string;
  external_id: string | null;
  kind: string;
  parent_id: string | null;
  name_zh: string;
  name_en: string;
  sector: string | null;
  region: string | null;
  country: string;
  cii_designated: Flag;
  cii_department: string | null;
  cii_date: string | null;
  cii_legal_basis: string | null;
  remit: Json | null;
  timezone: string;
  language: string;
  external_ids: Json;
  created_at: string;
  updated_at: string;
}

export interface ContactsTable {
  id: string;
  org_id: string;
  external_id: string | null;
  name: string;
  email: string;
  phone: string | null;
  role: string;
  language: string;
  pgp_key: string | null;
  preferences: Json;
  created_at: string;
  updated_at: string;
}

export interface NetworksTable {
  id: string;
  org_id: string;
  type: string;
  value: string;
  source: string;
  note: string | null;
  created_at: string;
}

export interface AssetsTable {
  id: string;
  org_id: string;
  external_id: string | null;
  kind: string;
  name: string;
  vendor: string | null;
  product: string | null;
  version: string | null;
  cpe: string | null;
  purl: string | null;
  mlps_level: number | null;
  cii: Flag;
  internet_facing: Flag;
  created_at: string;
  updated_at: string;
  /** Match keys (core/advisories/match.ts), derived from the fields above. */
  product_key: string | null;
  purl_key: string | null;
}

export interface UsersTable {
  id: string;
  org_id: string;
  username: string;
  display_name: string;
  email: string | null;
  role: string;
  language: string;
  password_hash: string;
  disabled: Flag;
  failed_logins: number;
  locked_until: string | null;
  created_at: string;
  last_login_at: string | null;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  prefix: string;
  secret_hash: string;
  scopes: Json;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  created_at: string;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor_user_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string;
  summary: Json;
  prev_hash: string;
  hash: string;
}

export interface JobsTable {
  id: string;
  kind: string;
  payload: Json;
  state: string;
  run_at: string;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  locked_by: string | null;
  locked_until: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface SchedulesTable {
  name: string;
  kind: string;
  payload: Json;
  interval_seconds: number;
  next_run_at: string;
}

export interface OutboxTable {
  id: string;
  channel: string;
  org_id: string;
  user_id: string | null;
  subject: string;
  body: string;
  state: string;
  created_at: string;
  delivered_at: string | null;
  /** The address for e-mail, the endpoint id's URL for webhooks; null for the inbox. */
  recipient: string | null;
  html: string | null;
  contact_id: string | null;
  webhook_id: string | null;
  template: string | null;
  /** JSON text of the template parameters. */
  params: string | null;
  /** JSON text of the OutgoingAttachment list. */
  attachments: string | null;
}

export interface WebhooksTable {
  id: string;
  org_id: string;
  url: string;
  secret: string;
  allow_private: Flag;
  created_at: string;
}

export interface DeliveryAttemptsTable {
  id: string;
  outbox_id: string;
  at: string;
  ok: Flag;
  detail: string;
}

export interface InboxMessagesTable {
  id: string;
  org_id: string;
  user_id: string | null;
  outbox_id: string | null;
  subject: string;
  body: string;
  created_at: string;
  read_at: string | null;
}

export interface CountersTable {
  name: string;
  value: number;
}

export interface IncidentsTable {
  id: string;
  reference: string;
  reporter_org_id: string;
  reported_by: string | null;
  source: string;
  status: string;
  category: string;
  title: string;
  summary: string;
  tlp: string;
  facts: Json;
  anchors: Json;
  details: Json;
  grade_overrides: Json;
  created_at: string;
  updated_at: string;
}

export interface IncidentSubmissionsTable {
  id: string;
  incident_id: string;
  pack: string;
  stage: string;
  version: number;
  content: Json;
  submitted_at: string;
  submitted_by: string | null;
  idempotency_key: string | null;
  receipt: Json;
}

export interface IncidentClocksTable {
  id: string;
  incident_id: string;
  pack: string;
  kind: string;
  ref: string;
  owed_by: Json;
  owed_to: Json;
  anchor_at: string | null;
  due_at: string | null;
  immediate: Flag;
  state: string;
  met_at: string | null;
  waived_reason: string | null;
  source: string;
  certainty: string;
  reminders_sent: number;
  next_fire_at: string | null;
}

export interface SigningKeysTable {
  id: string;
  public_key: string;
  private_key: string;
  created_at: string;
}

export interface IncidentAttachmentsTable {
  id: string;
  incident_id: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  content: Buffer;
  uploaded_by: string;
  uploaded_at: string;
}

export interface FeedsTable {
  id: string;
  name: string;
  format: string;
  report: string | null;
  mapping: Json | null;
  window_hours: number;
  resend_after_days: number;
  escalate_after_days: number;
  pull_url: string | null;
  pull_every_minutes: number | null;
  allow_private: Flag;
  next_pull_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface FeedRunsTable {
  id: string;
  feed_id: string;
  origin: string;
  file_name: string;
  sha256: string;
  status: string;
  checkpoint: number;
  read_count: number;
  parsed: number;
  rejected: number;
  matched: number;
  unmatched: number;
  duplicates: number;
  notified: number;
  error: string | null;
  started_by: string;
  started_at: string;
  finished_at: string | null;
}

export interface FeedRejectsTable {
  run_id: string;
  line: number;
  reason: string;
  raw: string;
}

export interface FindingsTable {
  id: Generated<number>;
  dedup_hash: number | null;
  feed_id: string;
  org_id: string | null;
  ip: string | null;
  port: number | null;
  identifier: string;
  rsit: string;
  gbt: string;
  severity: string;
  asn: number | null;
  hostname: string | null;
  url: string | null;
  detail: string | null;
  raw: string;
  first_seen: string;
  last_seen: string;
  count: number;
  state: string;
  state_at: string;
  last_upsert: number;
  first_run_id: string;
  last_run_id: string;
  digest_id: string | null;
  notified_at: string | null;
  acknowledged_at: string | null;
  fixed_at: string | null;
  verified_at: string | null;
  reminders: number;
  escalated_at: string | null;
  note: string | null;
}

export interface DigestsTable {
  id: string;
  org_id: string;
  kind: string;
  state: string;
  due_at: string;
  created_at: string;
  sent_at: string | null;
  finding_count: number;
  reopened_count: number;
  token_hash: string | null;
  expires_at: string | null;
}

export interface Schema {
  organisations: OrganisationsTable;
  contacts: ContactsTable;
  networks: NetworksTable;
  assets: AssetsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  jobs: JobsTable;
  schedules: SchedulesTable;
  outbox: OutboxTable;
  inbox_messages: InboxMessagesTable;
  counters: CountersTable;
  incidents: IncidentsTable;
  incident_submissions: IncidentSubmissionsTable;
  incident_clocks: IncidentClocksTable;
  signing_keys: SigningKeysTable;
  webhooks: WebhooksTable;
  feeds: FeedsTable;
  feed_runs: FeedRunsTable;
  feed_rejects: FeedRejectsTable;
  findings: FindingsTable;
  digests: DigestsTable;
  delivery_attempts: DeliveryAttemptsTable;
  incident_attachments: IncidentAttachmentsTable;
  sboms: SbomsTable;
  sbom_components: SbomComponentsTable;
  advisory_sources: AdvisorySourcesTable;
  advisories: AdvisoriesTable;
  advisory_revisions: AdvisoryRevisionsTable;
  advisory_keys: AdvisoryKeysTable;
  advisory_matches: AdvisoryMatchesTable;
  warnings: WarningsTable;
  warning_recipients: WarningRecipientsTable;
  warning_responses: WarningResponsesTable;
}

export interface SbomsTable {
  id: string;
  org_id: string;
  asset_id: string;
  format: string;
  spec_version: string;
  name: string | null;
  file_name: string;
  component_count: number;
  uploaded_by: string;
  uploaded_at: string;
}

export interface SbomComponentsTable {
  id: string;
  sbom_id: string;
  org_id: string;
  asset_id: string;
  name: string;
  version: string | null;
  vendor: string | null;
  purl: string | null;
  cpe: string | null;
  product_key: string | null;
  purl_key: string | null;
}

export interface AdvisorySourcesTable {
  id: string;
  name: string;
  kind: string;
  url: string;
  every_minutes: number;
  allow_private: Flag;
  next_pull_at: string;
  last_pulled_at: string | null;
  last_result: Json | null;
  seen: Json;
  created_at: string;
}

export interface AdvisoriesTable {
  id: string;
  source: string;
  source_id: string;
  revision: string;
  title: string;
  severity: string | null;
  cvss: number | null;
  cves: Json;
  publisher: string | null;
  published_at: string | null;
  source_updated_at: string | null;
  kev_due_date: string | null;
  content: Json;
  document: Json | null;
  published: Flag;
  match_count: number;
  org_count: number;
  created_at: string;
  updated_at: string;
}

export interface AdvisoryRevisionsTable {
  id: string;
  advisory_id: string;
  revision: string;
  sha256: string;
  origin: string;
  changes: Json;
  content: Json;
  document: Json | null;
  imported_by: string;
  imported_at: string;
}

export interface AdvisoryKeysTable {
  advisory_id: string;
  match_key: string;
}

export interface AdvisoryMatchesTable {
  advisory_id: string;
  asset_id: string;
  component_id: string;
  org_id: string;
  product_ref: string;
  status: string;
  confidence: string;
  reason: string;
  matched_at: string;
}

export interface WarningsTable {
  id: string;
  advisory_id: string | null;
  level: string;
  state: string;
  issuer_org_id: string;
  title_zh: string;
  title_en: string;
  body_zh: string;
  body_en: string;
  measures_zh: string;
  measures_en: string;
  due_at: string;
  due_by_policy: Flag;
  audience: Json;
  public: Flag;
  version: number;
  created_by: string;
  created_at: string;
  updated_at: string;
  issued_at: string | null;
  lifted_at: string | null;
  lift_reason: string | null;
}

export interface WarningRecipientsTable {
  warning_id: string;
  org_id: string;
  reasons: Json;
  asset_count: number;
  added_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  remediated_at: string | null;
  reminded_at: string | null;
  escalated_at: string | null;
}

export interface WarningResponsesTable {
  warning_id: string;
  asset_id: string;
  org_id: string;
  response: string;
  reason: string | null;
  responded_by: string;
  responded_at: string;
}
