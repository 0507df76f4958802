import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.js';

/** Shows a failed call: a translated heading by status, then the server's explanation. */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  if (!(error instanceof ApiError)) {
    return (
      <Alert
        type="error"
        showIcon
        title={t('error.network')}
        description={String(error)}
        style={{ marginBottom: 16 }}
      />
    );
  }
  const heading =
    error.status === 401
      ? t('error.unauthorized')
      : error.status === 403
        ? t('error.forbidden')
        : error.status === 404
          ? t('error.notFound')
          : t('error.failed');
  return (
    <Alert
      type="error"
      showIcon
      data-testid="error-alert"
      title={heading}
      description={
        <>
          {error.detail ?? error.title}
          {error.errors.length > 0 && (
            <ul>
              {error.errors.map((e) => (
                <li key={`${e.field}:${e.reason}`}>
                  {e.field}: {e.reason}
                </li>
              ))}
            </ul>
          )}
        </>
      }
      style={{ marginBottom: 16 }}
    />
  );
}
