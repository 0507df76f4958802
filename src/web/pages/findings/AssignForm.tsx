import { App, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Finding, FindingAssignInput } from '../../../contract/feeds.js';
import { api } from '../../api.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { OrgSelect } from '../../components/OrgSelect.js';

interface AssignFormProps {
  finding: Finding;
  /** Gets the finding as it is now: another one when it was merged into the owner's own. */
  onAssigned: (finding: Finding) => void;
  /** Inline in a table row, or stacked in the detail drawer. */
  layout?: 'inline' | 'vertical';
}

/** Gives a finding its owner, optionally registering its network with that organisation. */
export function AssignForm({ finding, onAssigned, layout = 'vertical' }: AssignFormProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const inline = layout === 'inline';
  const id = finding.id;

  const assign = async ({ orgId, addNetwork }: FindingAssignInput) => {
    setSaving(true);
    setError(null);
    try {
      const input = { orgId, ...(addNetwork?.trim() && { addNetwork: addNetwork.trim() }) };
      const assigned = await api.post<Finding>(`/findings/${id}/assign`, input);
      void message.success(t('assign.done'));
      onAssigned(assigned);
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <ErrorAlert error={error} />
      <Form<FindingAssignInput>
        layout={layout}
        onFinish={(values) => void assign(values)}
        style={inline ? { rowGap: 8 } : { maxWidth: 480 }}
      >
        <Form.Item
          name="orgId"
          label={inline ? undefined : t('assign.organisation')}
          rules={[{ required: true, message: t('assign.organisationRequired') }]}
        >
          <OrgSelect testId={`assign-org-${id}`} style={{ width: inline ? 200 : '100%' }} />
        </Form.Item>
        <Form.Item
          name="addNetwork"
          label={inline ? undefined : t('assign.network')}
          extra={inline ? undefined : t('assign.networkHelp')}
        >
          <Input
            data-testid={`assign-network-${id}`}
            placeholder={inline ? t('assign.network') : finding.ip ? `${finding.ip}/32` : ''}
            style={inline ? { width: 160 } : undefined}
          />
        </Form.Item>
        <Form.Item>
          <Button
            htmlType="submit"
            type="primary"
            loading={saving}
            data-testid={`assign-submit-${id}`}
          >
            {t('assign.submit')}
          </Button>
        </Form.Item>
      </Form>
    </>
  );
}
