import { Select } from 'antd';
import { useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../../contract/registry.js';
import { useCursorList, useFetch } from '../hooks.js';
import { useLanguage } from '../i18n/index.js';
import { orgName } from '../labels.js';

interface OrgSelectProps {
  value?: string;
  onChange?: (id: string | undefined) => void;
  allowClear?: boolean;
  style?: CSSProperties;
  testId?: string;
}

/** Picks an organisation by searching its names through the organisations API. */
export function OrgSelect({ value, onChange, allowClear, style, testId }: OrgSelectProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [q, setQ] = useState('');
  const list = useCursorList<Organisation>('/organisations', { q, sort: 'name' }, 20);
  // A value given from outside (a link's query string) may not be among the names searched.
  const listed = list.items.some((org) => org.id === value);
  const selected = useFetch<Organisation>(value && !listed ? `/organisations/${value}` : null);
  const extra = !listed && selected.data && selected.data.id === value ? [selected.data] : [];
  const orgs = [...list.items, ...extra];

  return (
    <Select
      data-testid={testId}
      value={value}
      onChange={onChange}
      allowClear={allowClear}
      style={style}
      placeholder={t('common.searchOrganisation')}
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={list.loading}
      notFoundContent={t('common.noMatch')}
      options={orgs.map((org) => ({ value: org.id, label: orgName(org, language) }))}
    />
  );
}
