import { PlusOutlined } from '@ant-design/icons';
import { Button } from 'antd';

/** The button above a table that opens its creation form. */
export function AddButton({
  label,
  testId,
  onClick,
}: {
  label: string;
  testId: string;
  onClick: () => void;
}) {
  return (
    <Button
      type="primary"
      icon={<PlusOutlined />}
      data-testid={testId}
      onClick={onClick}
      style={{ marginBottom: 16 }}
    >
      {label}
    </Button>
  );
}
