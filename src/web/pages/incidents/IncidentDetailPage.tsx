import { Card, Descriptions, Space, Spin, Tabs, Typography, type DescriptionsProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router-dom';
import type { IncidentDetail, Submitted } from '../../../contract/incidents.js';
import type { Organisation } from '../../../contract/registry.js';
import type { Receipt } from '../../../core/reporting/receipt.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useFetch } from '../../hooks.js';
import { useLanguage } from '../../i18n/index.js';
import { formatTime, orgName } from '../../labels.js';
import { useSession } from '../../session.js';
import { ClocksTab } from './ClocksTab.js';
import { GradingTab } from './GradingTab.js';
import { OverviewTab } from './OverviewTab.js';
import { StatusTag, TlpTag, categoryName, useRulePacks } from './shared.js';
import { ReceiptsAlert, SubmissionsTab } from './SubmissionsTab.js';

/** What the report page hands over with the navigation: the receipts just issued. */
interface ReportedState {
  receipts?: Receipt[];
}

export function IncidentDetailPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { hasRole } = useSession();
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
  const incident = changed?.id === id ? changed : fetched.data;
  const reporterId = incident?.reporterOrgId ?? null;
  const reporter = useFetch<Organisation>(reporterId ? `/organisations/${reporterId}` : null);

  if (!incident) return fetched.loading ? <Spin /> : <ErrorAlert error={fetched.error} />;

  const canGrade = hasRole('admin', 'coordinator', 'authority');
  const canSubmit = !hasRole('auditor', 'partner');
  const onSubmitted = (result: Submitted) => {
    setChanged(result.incident);
    setReceipts(result.receipts);
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
      children: categoryName(incident.category, language),
    },
    {
      key: 'status',
      label: t('incident.status'),
      children: <StatusTag status={incident.status} />,
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
          ]}
        />
      </Card>
    </Space>
  );
}
