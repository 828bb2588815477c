import { Progress, Space, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, errorMessage, serverText } from '../api.ts';
import { useI18n } from '../i18n.ts';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** GET /api/jobs/:id → `{ job }` (src/modules/jobs/jobs.routes.ts). */
export interface Job<R = unknown> {
  id: string;
  kind: string;
  status: JobStatus;
  progress: number;
  total: number | null;
  message: string | null;
  result: R | null;
  error: string | null;
}

const STATUS_COLORS: Record<JobStatus, string> = {
  queued: 'default',
  running: 'processing',
  succeeded: 'success',
  failed: 'error',
  cancelled: 'warning',
};

const FINISHED: JobStatus[] = ['succeeded', 'failed', 'cancelled'];

function percent(j: Job): number {
  if (j.status === 'succeeded') return 100;
  if (!j.total) return 0;
  return Math.min(99, Math.floor((Number(j.progress) / Number(j.total)) * 100));
}

export interface JobProgressProps<R> {
  jobId: string;
  /** Called once when the job has ended (succeeded, failed or cancelled). */
  onDone?(job: Job<R>): void;
  /** Poll interval in ms. */
  interval?: number;
}

/**
 * Follows a background job (GET /api/jobs/:id) until it ends: a progress bar with the job's
 * own message, then `onDone(job)`. Polling stops when unmounted.
 */
export function JobProgress<R = unknown>({ jobId, onDone, interval = 700 }: JobProgressProps<R>) {
  const { t, tc } = useI18n();
  const [job, setJob] = useState<Job<R> | null>(null);
  const [pollError, setPollError] = useState<string | null>(null);
  const done = useRef(onDone);
  done.current = onDone;

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();
    async function poll() {
      try {
        const { job: next } = await api<{ job: Job<R> }>(`/api/jobs/${jobId}`, { signal: controller.signal });
        if (stopped) return;
        setJob(next);
        setPollError(null);
        if (FINISHED.includes(next.status)) {
          done.current?.(next);
          return;
        }
      } catch (e) {
        if (stopped || (e as Error).name === 'AbortError') return;
        setPollError(errorMessage(e));
      }
      timer = setTimeout(poll, interval);
    }
    void poll();
    return () => {
      stopped = true;
      controller.abort();
      clearTimeout(timer);
    };
  }, [jobId, interval]);

  const status = job?.status ?? 'queued';
  return (
    <Space
      orientation="vertical"
      size={2}
      style={{ width: '100%' }}
      data-testid="job-progress"
      data-status={status}
    >
      <Progress
        percent={job ? percent(job) : 0}
        size="small"
        status={
          status === 'failed'
            ? 'exception'
            : status === 'running' || status === 'queued'
              ? 'active'
              : undefined
        }
      />
      <Space size={8} wrap>
        <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }}>
          {tc('jobStatus', status)}
        </Tag>
        {job?.error ? (
          <Typography.Text type="danger">{serverText(job.error)}</Typography.Text>
        ) : (
          <Typography.Text type="secondary">
            {job?.message ? serverText(job.message) : status === 'queued' ? t('job.waiting') : ''}
            {job?.total && status === 'running'
              ? ` ${Number(job.progress).toLocaleString()} / ${Number(job.total).toLocaleString()}`
              : ''}
          </Typography.Text>
        )}
        {pollError && <Typography.Text type="danger">{pollError}</Typography.Text>}
      </Space>
    </Space>
  );
}
