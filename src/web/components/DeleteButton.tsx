import { DeleteOutlined } from '@ant-design/icons';
import { Button, Popconfirm } from 'antd';
import { useTranslation } from 'react-i18next';

/** A small delete button that asks first. */
export function DeleteButton({ onDelete }: { onDelete: () => Promise<unknown> }) {
  const { t } = useTranslation();
  return (
    <Popconfirm
      title={t('common.confirmDelete')}
      okText={t('common.delete')}
      cancelText={t('common.cancel')}
      onConfirm={onDelete}
    >
      <Button danger size="small" icon={<DeleteOutlined />} data-testid="delete">
        {t('common.delete')}
      </Button>
    </Popconfirm>
  );
}
