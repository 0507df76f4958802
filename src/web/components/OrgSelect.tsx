import { Select } from 'antd';
import { useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../../contract/registry.js';
import { useCursorList } from '../hooks.js';
import { useLanguage } from '../i18n/index.js';
import { orgName } from '../labels.js';

interface OrgSelectProps {
  value?: string;
  onChange?: (id: string | undefined) => void;
  allowClear?: boolean;
  style?: CSSProperties;
}

/** Picks an organisation by searching its names through the organisations API. */
export function OrgSelect({ value, onChange, allowClear, style }: OrgSelectProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [q, setQ] = useState('');
  const list = useCursorList<Organisation>('/organisations', { q, sort: 'name' }, 20);

  return (
    <Select
      value={value}
      onChange={onChange}
      allowClear={allowClear}
      style={style}
      placeholder={t('common.searchOrganisation')}
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={list.loading}
      notFoundContent={t('common.noMatch')}
      options={list.items.map((org) => ({ value: org.id, label: orgName(org, language) }))}
    />
  );
}
