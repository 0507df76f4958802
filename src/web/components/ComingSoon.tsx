import { Result } from 'antd';
import { useTranslation } from 'react-i18next';

export type LaterArea = 'exchange' | 'tips';

/** The page of an area that a later release brings. */
export function ComingSoon({ area }: { area: LaterArea }) {
  const { t } = useTranslation();
  return (
    <Result
      status="info"
      data-testid="coming-soon"
      title={t(`nav.${area}`)}
      subTitle={t('comingSoon')}
    />
  );
}
