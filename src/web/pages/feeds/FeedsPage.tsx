import { Card, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Feed } from '../../../contract/feeds.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useFetch } from '../../hooks.js';
import { useSession } from '../../session.js';
import { FeedList } from './FeedList.js';
import { RunsTable } from './RunsTable.js';
import { UploadCard } from './UploadCard.js';

/** Feeds, the upload of a feed file, and the recent ingestion runs. */
export function FeedsPage() {
  const { t } = useTranslation();
  const { may } = useSession();
  const canRead = may('feed.read');
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);
  const feeds = useFetch<Feed[]>(canRead ? '/feeds' : null, version);
  const list = feeds.data ?? [];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {canRead && (
        <Card title={t('feed.title')}>
          <ErrorAlert error={feeds.error} />
          <FeedList
            feeds={list}
            loading={feeds.loading}
            canManage={may('feed.manage')}
            onChange={reload}
          />
        </Card>
      )}
      {may('feed.ingest') && <UploadCard feeds={list} canOpenRun={canRead} onIngested={reload} />}
      {canRead && (
        <Card title={t('run.recent')}>
          <RunsTable feeds={list} version={version} />
        </Card>
      )}
    </Space>
  );
}
