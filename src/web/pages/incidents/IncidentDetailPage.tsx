import {
  App,
  Card,
  Descriptions,
  Select,
  Space,
  Spin,
  Tabs,
  Tag,
  Tooltip,
  Typography,
  type DescriptionsProps,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router-dom';
import type { IncidentDetail, Submitted } from '../../../contract/incidents.js';
import type { Organisation } from '../../../contract/registry.js';
import type { Receipt } from '../../../core/reporting/receipt.js';
import { api, ApiError } from '../../api.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useFetch } from '../../hooks.js';
import { useLanguage } from '../../i18n/index.js';
import { formatTime, orgName } from '../../labels.js';
import { useSession } from '../../session.js';
import { AttachmentsTab } from './AttachmentsTab.js';
import { ClocksTab } from './ClocksTab.js';
import { GradingTab } from './GradingTab.js';
import { OverviewTab } from './OverviewTab.js';
import {
  INCIDENT_STATUSES,
  StatusTag,
  TlpTag,
  categoryName,
  useRulePacks,
  type IncidentStatus,
} from './shared.js';
import { ReceiptsAlert, SubmissionsTab } from './SubmissionsTab.js';

/** What the report page hands over with the navigation: the receipts just issued. */
interface ReportedState {
  receipts?: Receipt[];
}

export function IncidentDetailPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { hasRole, session } = useSession();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const location = useLocation();
  const packs = useRulePacks();
  const fetched = useFetch<IncidentDetail>(`/incidents/${id}`);
  // Changes answer with the whole incident as it is now; it replaces what was fetched.
  const [changed, setChanged] = useState<IncidentDetail | null>(null);
  const [receipts, setReceipts] = useState<Receipt[] | null>(
    () => (location.state as ReportedState | null)?.receipts ?? null,
  );
  const [tab, setTab] = useState('overview');
  const [statusSaving, setStatusSaving] = useState(false);
  const incident = changed?.id === id ? changed : fetched.data;
  const reporterId = incident?.reporterOrgId ?? null;
  const reporter = useFetch<Organisation>(reporterId ? `/organisations/${reporterId}` : null);

  if (!incident) return fetched.loading ? <Spin /> : <ErrorAlert error={fetched.error} />;

  const canGrade = hasRole('admin', 'coordinator', 'authority');
  const canSubmit = !hasRole('auditor', 'partner');
  // Who may report for the incident's organisation: status changes and attachments.
  const canReport =
    hasRole('admin', 'coordinator', 'authority') ||
    (hasRole('operator') && session?.user.orgId === incident.reporterOrgId);
  const onSubmitted = (result: Submitted) => {
    setChanged(result.incident);
    setReceipts(result.receipts);
  };
  const refresh = async () => setChanged(await api.get<IncidentDetail>(`/incidents/${id}`));
  const changeStatus = async (status: IncidentStatus) => {
    setStatusSaving(true);
    try {
      setChanged(await api.post<IncidentDetail>(`/incidents/${id}/status`, { status }));
      void message.success(
        t('incidentDetail.statusChanged', { status: t(`incidentStatus.${status}`) }),
      );
    } catch (err) {
      void message.error(err instanceof ApiError ? (err.detail ?? err.title) : t('error.network'));
    } finally {
      setStatusSaving(false);
    }
  };

  const items: DescriptionsProps['items'] = [
    {
      key: 'reference',
      label: t('incident.reference'),
      children: (
        <Typography.Text strong copyable data-testid="incident-reference">
          {incident.reference}
        </Typography.Text>
      ),
    },
    {
      key: 'reporter',
      label: t('incident.reporter'),
      children: (
        <Link
          to={`/registry/organisations/${incident.reporterOrgId}`}
          data-testid="incident-reporter"
        >
          {reporter.data ? orgName(reporter.data, language) : incident.reporterOrgId}
        </Link>
      ),
    },
    {
      key: 'category',
      label: t('incident.category'),
      children: (
        <Space size={4} wrap>
          <span data-testid="incident-category">{categoryName(incident.category, language)}</span>
          {incident.rsit && (
            <Tooltip title={t('incidentDetail.rsitHelp')}>
              <Tag color="geekblue" data-testid="incident-rsit">
                RSIT: {incident.rsit.classification}/{incident.rsit.type}
              </Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      key: 'status',
      label: t('incident.status'),
      children: canReport ? (
        <Select<IncidentStatus>
          data-testid="incident-status-select"
          aria-label={t('incident.status')}
          size="small"
          style={{ minWidth: 160 }}
          value={incident.status}
          loading={statusSaving}
          disabled={statusSaving}
          onChange={(status) => void changeStatus(status)}
          options={INCIDENT_STATUSES.map((status) => ({
            value: status,
            label: t(`incidentStatus.${status}`),
          }))}
        />
      ) : (
        <StatusTag status={incident.status} />
      ),
    },
    { key: 'tlp', label: t('incident.tlp'), children: <TlpTag tlp={incident.tlp} /> },
    {
      key: 'source',
      label: t('incident.source'),
      children:
        incident.source === 'operator' || incident.source === 'third_party'
          ? t(`incidentSource.${incident.source}`)
          : incident.source,
    },
    {
      key: 'aware',
      label: t('incident.awareAt'),
      children: formatTime(incident.awareAt, language),
    },
    {
      key: 'created',
      label: t('common.createdAt'),
      children: formatTime(incident.createdAt, language),
    },
    {
      key: 'updated',
      label: t('common.updatedAt'),
      children: formatTime(incident.updatedAt, language),
    },
  ];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {receipts && (
        <ReceiptsAlert
          receipts={receipts}
          incident={incident}
          packs={packs}
          onClose={() => setReceipts(null)}
        />
      )}
      <Card
        title={
          <Space wrap>
            <span>{incident.title}</span>
            <TlpTag tlp={incident.tlp} />
            <StatusTag status={incident.status} />
          </Space>
        }
      >
        <Descriptions bordered size="small" column={{ xs: 1, md: 3 }} items={items} />
      </Card>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'overview',
              label: <span data-testid="tab-overview">{t('incidentDetail.overview')}</span>,
              children: <OverviewTab incident={incident} packs={packs} />,
            },
            {
              key: 'grading',
              label: <span data-testid="tab-grading">{t('incidentDetail.grading')}</span>,
              children: (
                <GradingTab
                  incident={incident}
                  packs={packs}
                  canGrade={canGrade}
                  onChange={setChanged}
                />
              ),
            },
            {
              key: 'clocks',
              label: (
                <span data-testid="tab-clocks">
                  {t('incidentDetail.clocks')} ({incident.clocks.length})
                </span>
              ),
              children: (
                <ClocksTab
                  incident={incident}
                  packs={packs}
                  canWaive={canGrade}
                  onChange={setChanged}
                />
              ),
            },
            {
              key: 'submissions',
              label: (
                <span data-testid="tab-submissions">
                  {t('incidentDetail.submissions')} ({incident.submissions.length})
                </span>
              ),
              children: (
                <SubmissionsTab
                  incident={incident}
                  packs={packs}
                  canSubmit={canSubmit}
                  onSubmitted={onSubmitted}
                />
              ),
            },
            {
              key: 'attachments',
              label: (
                <span data-testid="tab-attachments">
                  {t('incidentDetail.attachments')} ({incident.attachments.length})
                </span>
              ),
              children: (
                <AttachmentsTab incident={incident} canUpload={canReport} onUploaded={refresh} />
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
