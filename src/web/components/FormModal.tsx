import { Form, Modal } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './ErrorAlert.js';

interface FormModalProps<T> {
  title: string;
  open: boolean;
  onClose: () => void;
  /** Gets the form's values without empty text fields; a rejection is shown in the modal. */
  onSubmit: (values: T) => Promise<unknown>;
  initialValues?: Partial<T>;
  children: ReactNode;
}

function withoutEmpty<T extends object>(values: T): T {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== '' && value !== undefined),
  ) as T;
}

/** A modal holding a vertical form, whose OK button submits it. */
export function FormModal<T extends object>({
  title,
  open,
  onClose,
  onSubmit,
  initialValues,
  children,
}: FormModalProps<T>) {
  const { t } = useTranslation();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const close = () => {
    setError(null);
    onClose();
  };

  const submit = async (values: T) => {
    setSubmitting(true);
    setError(null);
    try {
      await onSubmit(withoutEmpty(values));
      close();
    } catch (err) {
      setError(err);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      title={title}
      open={open}
      onCancel={close}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ htmlType: 'submit', loading: submitting }}
      destroyOnHidden
      modalRender={(dom) => (
        <Form<T>
          layout="vertical"
          initialValues={initialValues}
          onFinish={(values) => void submit(values)}
        >
          {dom}
        </Form>
      )}
    >
      <ErrorAlert error={error} />
      {children}
    </Modal>
  );
}
