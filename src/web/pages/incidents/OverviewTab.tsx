import {
  Card,
  Col,
  Descriptions,
  Empty,
  Row,
  Space,
  Tag,
  Timeline,
  Typography,
  type DescriptionsProps,
  type TimelineProps,
} from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { IncidentDetail } from '../../../contract/incidents.js';
import type { Asset } from '../../../contract/registry.js';
import type { RulePackSummary } from '../../../contract/rules.js';
import { ORG_KINDS, type Language, type Sector } from '../../../core/registry/vocabulary.js';
import { FACT_NAMES, type FactName } from '../../../core/rules/facts.js';
import { useCursorList } from '../../hooks.js';
import { useLanguage } from '../../i18n/index.js';
import { formatTime, regionLabel, sectorLabel } from '../../labels.js';
import {
  NARRATIVE_FIELDS,
  evaluationLabels,
  factLabel,
  factUnit,
  packTitle,
  type NarrativeField,
} from './shared.js';

type TimelineItemType = NonNullable<TimelineProps['items']>[number];

/** What the server keeps under `details`: see the incident service. */
export interface IncidentDetails {
  location: string | null;
  containedAt: string | null;
  affectedAssetIds: string[];
  narrative: Partial<Record<NarrativeField, string>>;
  ransom: { amount?: string; method?: string; date?: string } | null;
}

/** Each anchor with the label of the time field it comes from. */
const ANCHOR_FIELDS = {
  occurred: 'occurredAt',
  detected: 'detectedAt',
  aware: 'awareAt',
  classified: 'classifiedAt',
  materiality_decided: 'materialityDecidedAt',
  fix_available: 'fixAvailableAt',
  handling_ended: 'handlingEndedAt',
  ransom_paid: 'ransomPaidAt',
} as const;

const FACT_CHOICE_VALUES = [
  'especially_serious',
  'serious',
  'relatively_serious',
  'essential',
  'important',
] as const;

/** A fact's value as a reader wants it: yes/no, a number with its unit, a named code. */
export function formatFact(name: string, value: unknown, t: TFunction, language: Language): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (typeof value === 'number') {
    const unit = factUnit(name);
    const number = new Intl.NumberFormat(language).format(value);
    return unit && unit !== 'ratio' ? `${number} ${unit}` : number;
  }
  const text = String(value);
  if (name === 'org.sector') return sectorLabel(text as Sector, language) || text;
  if (name === 'org.region') return regionLabel(text, language);
  const kind = ORG_KINDS.find((k) => k === text);
  if (name === 'org.kind' && kind) return t(`orgKind.${kind}`);
  const choice = FACT_CHOICE_VALUES.find((c) => c === text);
  return choice ? t(`factValue.${choice}`) : text;
}

/** The affected assets by name, as far as the reader may see the reporter's assets. */
function AffectedAssets({ orgId, assetIds }: { orgId: string; assetIds: string[] }) {
  const { t } = useTranslation();
  const assets = useCursorList<Asset>(`/organisations/${orgId}/assets`, {}, 500);
  const name = (id: string) => assets.items.find((a) => a.id === id)?.name ?? id;
  return (
    <div style={{ marginTop: 8 }}>
      <Typography.Text type="secondary">{t('incident.affectedAssets')}: </Typography.Text>
      {assetIds.map((id) => (
        <Tag key={id}>{name(id)}</Tag>
      ))}
    </div>
  );
}

interface OverviewTabProps {
  incident: IncidentDetail;
  packs: Map<string, RulePackSummary>;
}

export function OverviewTab({ incident, packs }: OverviewTabProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const details = incident.details as Partial<IncidentDetails>;
  const assetIds = details.affectedAssetIds ?? [];
  const labels = evaluationLabels(incident.evaluations);

  const times: DescriptionsProps['items'] = [
    ...Object.entries(ANCHOR_FIELDS)
      .filter(([anchor]) => incident.anchors[anchor])
      .map(([anchor, field]) => ({
        key: anchor,
        label: t(`incident.${field}`),
        children: formatTime(incident.anchors[anchor]!, language),
      })),
    ...(details.containedAt
      ? [
          {
            key: 'contained',
            label: t('incident.containedAt'),
            children: formatTime(details.containedAt, language),
          },
        ]
      : []),
  ];

  const order = (name: string) => {
    const index = FACT_NAMES.indexOf(name as FactName);
    return index < 0 ? FACT_NAMES.length : index;
  };
  const facts: DescriptionsProps['items'] = Object.entries(incident.facts)
    .sort(([a], [b]) => order(a) - order(b))
    .map(([name, value]) => ({
      key: name,
      label: factLabel(name, language),
      children: formatFact(name, value, t, language),
    }));

  const narrative: DescriptionsProps['items'] = NARRATIVE_FIELDS.filter(
    (field) => details.narrative?.[field],
  ).map((field) => ({
    key: field,
    label: t(`narrative.${field}`),
    children: (
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
        {details.narrative![field]}
      </Typography.Paragraph>
    ),
  }));

  const ransom = details.ransom;

  // Everything that happened, in time order.
  const events: { at: string; item: TimelineItemType }[] = [
    ...Object.entries(ANCHOR_FIELDS)
      .filter(([anchor]) => incident.anchors[anchor])
      .map(([anchor, field]) => ({
        at: incident.anchors[anchor]!,
        item: { color: 'gray', content: t(`incident.${field}`) },
      })),
    ...(details.containedAt
      ? [{ at: details.containedAt, item: { color: 'gray', content: t('incident.containedAt') } }]
      : []),
    {
      at: incident.createdAt,
      item: { color: 'blue', content: t('timeline.reported', { reference: incident.reference }) },
    },
    ...incident.submissions.map((s) => ({
      at: s.submittedAt,
      item: {
        color: 'green',
        content: t('timeline.submitted', {
          pack: packTitle(packs, s.pack, language),
          stage: labels.refs.get(`${s.pack}/stage/${s.stage}`)?.[language] ?? s.stage,
          version: s.version,
        }),
      },
    })),
    ...incident.clocks
      .filter((c) => c.metAt && (c.state === 'met' || c.state === 'met_late'))
      .map((c) => ({
        at: c.metAt!,
        item: {
          color: c.state === 'met' ? 'green' : 'orange',
          content: t(c.state === 'met' ? 'timeline.clockMet' : 'timeline.clockMetLate', {
            pack: packTitle(packs, c.pack, language),
            ref: labels.refs.get(`${c.pack}/${c.kind}/${c.ref}`)?.[language] ?? c.ref,
          }),
        },
      })),
  ];
  const timeline: TimelineItemType[] = events
    .sort((a, b) => a.at.localeCompare(b.at))
    .map(({ at, item }, i) => ({ ...item, key: i, title: formatTime(at, language) }));

  return (
    <Row gutter={24}>
      <Col xs={24} xl={16}>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Card size="small" title={t('incident.summary')}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="incident-summary">
              {incident.summary}
            </Typography.Paragraph>
            {details.location && (
              <Typography.Text type="secondary">
                {t('incident.location')}: {details.location}
              </Typography.Text>
            )}
            {assetIds.length > 0 && (
              <AffectedAssets orgId={incident.reporterOrgId} assetIds={assetIds} />
            )}
          </Card>
          <Card size="small" title={t('incidentDetail.times')}>
            <Descriptions size="small" column={{ xs: 1, md: 2 }} items={times} />
          </Card>
          <Card size="small" title={t('incidentDetail.facts')}>
            {facts.length ? (
              <Descriptions
                size="small"
                bordered
                column={1}
                items={facts}
                data-testid="incident-facts"
              />
            ) : (
              <Empty />
            )}
          </Card>
          {narrative.length > 0 && (
            <Card size="small" title={t('report.section.narrative')}>
              <Descriptions size="small" column={1} items={narrative} />
            </Card>
          )}
          {ransom && (
            <Card size="small" title={t('report.section.ransom')}>
              <Descriptions
                size="small"
                column={{ xs: 1, md: 3 }}
                items={[
                  { key: 'amount', label: t('incident.ransomAmount'), children: ransom.amount },
                  { key: 'method', label: t('incident.ransomMethod'), children: ransom.method },
                  { key: 'date', label: t('incident.ransomDate'), children: ransom.date },
                ].filter((item) => item.children)}
              />
            </Card>
          )}
        </Space>
      </Col>
      <Col xs={24} xl={8}>
        <Card size="small" title={t('incidentDetail.timeline')}>
          <Timeline items={timeline} data-testid="incident-timeline" />
        </Card>
      </Col>
    </Row>
  );
}
