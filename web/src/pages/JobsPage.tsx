import { ReloadOutlined, SyncOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Progress, Space, Table, type TableProps, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { serverText } from '../api.ts';
import { LoadError } from '../components/LoadError.tsx';
import { useI18n } from '../i18n.ts';
import { useFetch } from '../useFetch.ts';
import { usePaging } from '../usePaging.tsx';

type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

interface JobRow {
  id: string;
  kind: string;
  status: JobStatus;
  progress: number;
  total: number | null;
  message: string | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** Imports: the file, whether it was imported, and its error count (jobs.routes.ts). */
  filename?: string | null;
  /** An import's kind: students, registry, lists or schools. */
  import_kind?: string | null;
  accepted?: boolean | null;
  error_count?: number | null;
  file_refused?: boolean | null;
}

const STATUS_COLORS: Record<JobStatus, string> = {
  queued: 'default',
  running: 'processing',
  succeeded: 'success',
  failed: 'error',
  cancelled: 'warning',
};

const POLL_MS = 2000;

function percent(j: JobRow): number {
  if (j.status === 'succeeded') return 100;
  if (!j.total) return 0;
  return Math.min(100, Math.floor((Number(j.progress) / Number(j.total)) * 100));
}

function time(s: string | null): string {
  return s ? new Date(s).toLocaleString('zh-CN', { hour12: false }) : '—';
}

/** 任务: long work (imports, comparisons, exports) with progress, polled while any runs. */
export function JobsPage() {
  const { t, tc, p } = useI18n();
  const paging = usePaging(20);
  const jobs = useFetch<{ items: JobRow[]; total: number }>('/api/jobs', {
    page: paging.page,
    pageSize: paging.pageSize,
  });
  const items = jobs.data?.items ?? [];
  const active = items.some((j) => j.status === 'running' || j.status === 'queued');
  const { reload } = jobs;

  useEffect(() => {
    if (!active) return;
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [active, reload]);

  const columns: TableProps<JobRow>['columns'] = [
    {
      title: t('jobs.kind'),
      dataIndex: 'kind',
      render: (k: string, j) =>
        j.import_kind ? `${tc('jobKind', k)} · ${tc('importKind', j.import_kind)}` : tc('jobKind', k),
    },
    {
      title: t('jobs.status'),
      dataIndex: 'status',
      width: 110,
      render: (s: JobStatus, j) =>
        // An import job that made its report but refused the file: nothing was written.
        s === 'succeeded' && j.accepted === false ? (
          <Tag color="error" data-testid="job-import-refused">
            {t('jobs.importRefused')}
          </Tag>
        ) : (
          <Tag color={STATUS_COLORS[s]} icon={s === 'running' ? <SyncOutlined spin /> : undefined}>
            {tc('jobStatus', s)}
          </Tag>
        ),
    },
    {
      title: t('jobs.progress'),
      key: 'progress',
      width: 260,
      render: (_, j) => (
        <Space orientation="vertical" size={0} style={{ width: '100%' }}>
          <Progress
            percent={percent(j)}
            size="small"
            // (A refused import ran to its end but wrote nothing: not the green of a done job.)
            status={
              j.status === 'failed' || j.accepted === false
                ? 'exception'
                : j.status === 'running'
                  ? 'active'
                  : undefined
            }
          />
          {j.total && j.accepted !== false ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {Number(j.progress).toLocaleString()} / {Number(j.total).toLocaleString()}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('jobs.message'),
      key: 'message',
      render: (_, j) => {
        if (j.error) return <Typography.Text type="danger">{serverText(j.error)}</Typography.Text>;
        if (j.kind === 'import' && j.filename) {
          const outcome =
            j.accepted === false
              ? j.file_refused
                ? t('jobs.importFileRefused')
                : t('jobs.importErrors', { n: j.error_count ?? 0 })
              : j.status === 'succeeded'
                ? t('jobs.done')
                : serverText(j.message ?? '');
          return `${j.filename}${outcome ? `${p.colon}${outcome}` : ''}`;
        }
        // (A finished job's last progress step, such as 写入人员档案, is no message.)
        return j.status === 'succeeded' ? t('jobs.done') : serverText(j.message ?? '');
      },
    },
    { title: t('jobs.createdAt'), dataIndex: 'created_at', width: 170, render: time },
    { title: t('jobs.finishedAt'), dataIndex: 'finished_at', width: 170, render: time },
  ];

  return (
    <Card
      title={t('menu.jobs')}
      extra={
        <Space>
          {active && <Typography.Text type="secondary">{t('jobs.polling')}</Typography.Text>}
          <Button icon={<ReloadOutlined />} onClick={reload}>
            {t('common.refresh')}
          </Button>
        </Space>
      }
    >
      {jobs.error ? (
        <LoadError error={jobs.error} onRetry={reload} />
      ) : (
        <Table<JobRow>
          data-testid="jobs-table"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={items}
          loading={jobs.loading && !jobs.data}
          locale={{ emptyText: <Empty description={t('jobs.empty')} /> }}
          pagination={paging.pagination(jobs.data?.total)}
        />
      )}
    </Card>
  );
}
