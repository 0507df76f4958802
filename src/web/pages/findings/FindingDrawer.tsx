import { Card, Collapse, Drawer, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Finding, FindingResponseInput } from '../../../contract/feeds.js';
import { api } from '../../api.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { AnswerButtons } from '../../components/findings/AnswerButtons.js';
import { FindingFields } from '../../components/findings/FindingFields.js';
import { useFetch } from '../../hooks.js';
import { useSession } from '../../session.js';
import { AssignForm } from './AssignForm.js';

interface FindingDrawerProps {
  /** The finding shown; null keeps the drawer closed. */
  id: number | null;
  onClose: () => void;
  /** After an answer or an assignment, with the finding as it is now (merged: another id). */
  onChanged: (finding: Finding) => void;
}

/** A finding in full, with the answers and the owner assignment the user's role allows. */
export function FindingDrawer({ id, onClose, onChanged }: FindingDrawerProps) {
  const { t } = useTranslation();
  const { may } = useSession();
  const [version, setVersion] = useState(0);
  const fetched = useFetch<Finding>(id === null ? null : `/findings/${id}`, version);
  const finding = fetched.data?.id === id ? fetched.data : null;

  const changed = (next: Finding) => {
    setVersion((v) => v + 1);
    onChanged(next);
  };
  const answer = async (input: FindingResponseInput) =>
    changed(await api.post<Finding>(`/findings/${id}/response`, input));

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={760}
      title={id !== null && t('finding.detailTitle', { id })}
      destroyOnHidden
    >
      <ErrorAlert error={fetched.error} />
      {!finding ? (
        fetched.loading && <Spin />
      ) : (
        <Space
          orientation="vertical"
          size="middle"
          style={{ width: '100%' }}
          data-testid="finding-drawer"
        >
          {may('finding.respond') && (
            <Card size="small" title={t('finding.answer')}>
              <AnswerButtons finding={finding} onAnswer={answer} testIdPrefix="finding" />
            </Card>
          )}
          {may('finding.assign') && (
            // Open at once for a finding without an owner; a matched one is reassigned on request.
            <Collapse
              key={finding.id}
              size="small"
              defaultActiveKey={!finding.orgId || finding.state === 'not_ours' ? ['assign'] : []}
              items={[
                {
                  key: 'assign',
                  label: <span data-testid="finding-assign">{t('finding.assign')}</span>,
                  children: (
                    <>
                      <Typography.Paragraph type="secondary">
                        {t('finding.assignHelp')}
                      </Typography.Paragraph>
                      <AssignForm finding={finding} onAssigned={changed} />
                    </>
                  ),
                },
              ]}
            />
          )}
          <FindingFields finding={finding} orgLink />
        </Space>
      )}
    </Drawer>
  );
}
