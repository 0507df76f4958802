import { Card, Descriptions, Space, Spin, Tabs, Tag, type DescriptionsProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { Organisation } from '../../../contract/registry.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useFetch } from '../../hooks.js';
import { useLanguage } from '../../i18n/index.js';
import { formatTime, functionLabel, orgName, regionLabel, sectorLabel } from '../../labels.js';
import { useSession } from '../../session.js';
import { AssetsTab } from './AssetsTab.js';
import { ContactsTab } from './ContactsTab.js';
import { NetworksTab } from './NetworksTab.js';

export function OrganisationDetailPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { hasRole } = useSession();
  const { id = '' } = useParams();
  const org = useFetch<Organisation>(`/organisations/${id}`);
  const parentId = org.data?.parentId;
  const parent = useFetch<Organisation>(parentId ? `/organisations/${parentId}` : null);

  if (org.loading) return <Spin />;
  if (!org.data) return <ErrorAlert error={org.error} />;
  const o = org.data;
  // The server decides; these roles may write to at least some organisations.
  const canWrite = hasRole('admin', 'coordinator', 'authority');
  const list = (values: string[]) => values.join(t('common.listSeparator'));
  const orAll = (values: string[]) => (values.length ? list(values) : t('org.remitAll'));

  const items: DescriptionsProps['items'] = [
    { key: 'nameZh', label: t('org.nameZh'), children: o.nameZh },
    { key: 'nameEn', label: t('org.nameEn'), children: o.nameEn },
    { key: 'kind', label: t('org.kind'), children: t(`orgKind.${o.kind}`) },
    {
      key: 'parent',
      label: t('org.parent'),
      children: parentId && (
        <Link to={`/registry/organisations/${parentId}`}>
          {parent.data ? orgName(parent.data, language) : parentId}
        </Link>
      ),
    },
    { key: 'sector', label: t('org.sector'), children: sectorLabel(o.sector, language) },
    { key: 'region', label: t('org.region'), children: regionLabel(o.region, language) },
    { key: 'country', label: t('org.country'), children: o.country },
    {
      key: 'cii',
      label: t('org.cii'),
      children: o.cii.designated ? <Tag color="red">{t('org.ciiTag')}</Tag> : t('common.no'),
    },
    ...(o.cii.designated
      ? [
          { key: 'ciiDepartment', label: t('org.ciiDepartment'), children: o.cii.department },
          { key: 'ciiDate', label: t('org.ciiDate'), children: o.cii.date },
          { key: 'ciiLegalBasis', label: t('org.ciiLegalBasis'), children: o.cii.legalBasis },
        ]
      : []),
    ...(o.remit
      ? [
          {
            key: 'remitFunctions',
            label: t('org.remitFunctions'),
            children: list(o.remit.functions.map((f) => functionLabel(f, language))),
          },
          {
            key: 'remitSectors',
            label: t('org.remitSectors'),
            children: orAll(o.remit.sectors.map((s) => sectorLabel(s, language))),
          },
          {
            key: 'remitRegions',
            label: t('org.remitRegions'),
            children: orAll(o.remit.regions.map((r) => regionLabel(r, language))),
          },
        ]
      : []),
    { key: 'timezone', label: t('org.timezone'), children: o.timezone },
    { key: 'language', label: t('org.language'), children: t(`language.${o.language}`) },
    { key: 'externalId', label: t('org.externalId'), children: o.externalId },
    {
      key: 'externalIds',
      label: t('org.externalIds'),
      children: (
        <Space wrap>
          {Object.entries(o.externalIds).map(([scheme, value]) => (
            <Tag key={scheme}>
              {scheme}: {value}
            </Tag>
          ))}
        </Space>
      ),
    },
    { key: 'createdAt', label: t('common.createdAt'), children: formatTime(o.createdAt, language) },
    { key: 'updatedAt', label: t('common.updatedAt'), children: formatTime(o.updatedAt, language) },
  ];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title={orgName(o, language)}>
        <Descriptions bordered column={2} items={items} data-testid="org-details" />
      </Card>
      <Card>
        <Tabs
          items={[
            {
              key: 'contacts',
              label: t('org.contacts'),
              children: <ContactsTab orgId={o.id} canWrite={canWrite} />,
            },
            {
              key: 'networks',
              label: t('org.networks'),
              children: <NetworksTab orgId={o.id} canWrite={canWrite} />,
            },
            {
              key: 'assets',
              label: t('org.assets'),
              children: <AssetsTab orgId={o.id} canWrite={canWrite} />,
            },
          ]}
        />
      </Card>
    </Space>
  );
}
