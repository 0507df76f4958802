import { Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserRole } from '../../core/registry/vocabulary.js';
import { useSession } from '../session.js';

/** Shows its children only to the roles given; the server checks again. */
export function RequireRole({ roles, children }: { roles: UserRole[]; children: ReactNode }) {
  const { t } = useTranslation();
  const { hasRole } = useSession();
  if (!hasRole(...roles)) {
    return <Result status="403" title="403" subTitle={t('error.forbiddenArea')} />;
  }
  return children;
}
