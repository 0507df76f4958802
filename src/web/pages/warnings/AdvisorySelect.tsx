import { Select } from 'antd';
import { useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { Advisory } from '../../../contract/advisories.js';
import { useCursorList, useFetch } from '../../hooks.js';

interface AdvisorySelectProps {
  value?: string | null;
  onChange?: (id: string | null) => void;
  style?: CSSProperties;
  testId?: string;
}

/** Picks an advisory by searching its title, id or CVEs through the advisories API. */
export function AdvisorySelect({ value, onChange, style, testId }: AdvisorySelectProps) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const list = useCursorList<Advisory>('/advisories', { q }, 20);
  // A value given from outside (the advisory page's link) may not be among those searched.
  const listed = list.items.some((a) => a.id === value);
  const selected = useFetch<Advisory>(value && !listed ? `/advisories/${value}` : null);
  const extra = !listed && selected.data && selected.data.id === value ? [selected.data] : [];

  return (
    <Select
      data-testid={testId}
      value={value ?? undefined}
      onChange={(id?: string) => onChange?.(id ?? null)}
      allowClear
      style={style}
      placeholder={t('warningEditor.advisoryPlaceholder')}
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={list.loading}
      notFoundContent={t('common.noMatch')}
      options={[...list.items, ...extra].map((a) => ({
        value: a.id,
        label: `${a.sourceId} · ${a.title}`,
      }))}
    />
  );
}
