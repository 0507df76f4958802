import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CursorList } from '../hooks.js';

/** The button under a cursor-paginated table that fetches its next page. */
export function LoadMore({ list }: { list: CursorList<unknown> }) {
  const { t } = useTranslation();
  if (!list.nextCursor) return null;
  return (
    <Button
      data-testid="load-more"
      onClick={list.loadMore}
      loading={list.loading}
      style={{ marginTop: 16 }}
    >
      {t('common.loadMore')}
    </Button>
  );
}
