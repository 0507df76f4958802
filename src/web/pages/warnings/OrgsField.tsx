import { Space, Tag } from 'antd';
import { OrgSelect } from '../../components/OrgSelect.js';
import { useLanguage } from '../../i18n/index.js';
import { orgName } from '../../labels.js';
import { useSessionInfo } from '../../session.js';
import { orgNamesFor, useOrgNames } from '../supervision/orgNames.js';

interface OrgsFieldProps {
  value?: string[];
  onChange?: (ids: string[]) => void;
  testId?: string;
}

/** Several organisations: each one searched for and added, shown by name, removed by its tag. */
export function OrgsField({ value = [], onChange, testId }: OrgsFieldProps) {
  const language = useLanguage();
  const session = useSessionInfo();
  orgNamesFor(session.user.id);
  const names = useOrgNames(value);

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {/* A fresh picker after each choice: the chosen show below as tags. */}
      <OrgSelect
        key={value.length}
        testId={testId}
        onChange={(id) => {
          if (id && !value.includes(id)) onChange?.([...value, id]);
        }}
        style={{ width: '100%' }}
      />
      {value.length > 0 && (
        <Space size={[4, 4]} wrap>
          {value.map((id) => {
            const org = names(id);
            return (
              <Tag key={id} closable onClose={() => onChange?.(value.filter((v) => v !== id))}>
                {org ? orgName(org, language) : id}
              </Tag>
            );
          })}
        </Space>
      )}
    </Space>
  );
}
