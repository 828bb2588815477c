import { PlayCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { api, type CurrentUser, errorMessage } from '../../api.ts';
import { type Job, JobProgress } from '../../components/JobProgress.tsx';
import { useI18n } from '../../i18n.ts';
import { useUser } from '../../session.tsx';
import { defaultAsOf } from './types.ts';

/** Roles granted `jobs.run` (src/server/roles.ts), for when the session does not say so itself. */
const JOB_ROLES = ['city_admin', 'city_aid_centre', 'county_admin', 'county_aid_centre'];

/** Whether the user may start a comparison run (POST /api/comparison/run needs jobs.run). */
export function canRunJobs(user: CurrentUser): boolean {
  const explicit = (user.permissions as { runJobs?: boolean }).runJobs;
  return explicit ?? JOB_ROLES.includes(user.role);
}

interface RunStats {
  stats: Record<string, number>;
}

/** 开始比对: the as-of date, the run as a job with progress, then the page refreshes. */
export function RunCard({
  lastRun,
  lastAsOf,
  serverAsOf,
  importsSinceRun = 0,
  onFinished,
}: {
  /** The server's default as-of date (its today, which training setups fix), once loaded. */
  serverAsOf?: string | null;
  lastRun: string | null;
  /** The as-of date of the latest run in scope (YYYY-MM-DD), if any. */
  lastAsOf?: string | null;
  /** Imports in scope since the last run: its results are out of date. */
  importsSinceRun?: number;
  onFinished(): void;
}) {
  const { t } = useI18n();
  const user = useUser();
  const [asOf, setAsOf] = useState<Dayjs>(() => dayjs(serverAsOf ?? defaultAsOf()));
  // The browser's clock until the server's default arrives; the server's then, unless already changed.
  const [touched, setTouched] = useState(false);
  useEffect(() => {
    if (serverAsOf && !touched) setAsOf(dayjs(serverAsOf));
  }, [serverAsOf, touched]);
  const [jobId, setJobId] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const allowed = canRunJobs(user);

  async function run() {
    setStarting(true);
    setError(null);
    setDone(false);
    try {
      const r = await api<{ jobId: string }>('/api/comparison/run', {
        body: { asOf: asOf.format('YYYY-MM-DD') },
      });
      setJobId(r.jobId);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setStarting(false);
    }
  }

  function finished(job: Job<RunStats>) {
    setJobId(null);
    if (job.status === 'succeeded') {
      setDone(true);
      onFinished();
    } else setError(job.error ?? job.status);
  }

  return (
    <Card title={t('cmp.runTitle')} size="small" style={{ height: '100%' }}>
      <Space orientation="vertical" size={10} style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('cmp.runHint')}</Typography.Text>
        {allowed ? (
          <Space wrap>
            <span>{t('cmp.asOf')}</span>
            <DatePicker
              allowClear={false}
              value={asOf}
              onChange={(d) => {
                if (!d) return;
                setTouched(true);
                setAsOf(d);
              }}
              aria-label={t('cmp.asOf')}
              data-testid="cmp-asof"
            />
            <Button
              type="primary"
              icon={<PlayCircleOutlined />}
              loading={starting || jobId !== null}
              onClick={() => void run()}
              data-testid="cmp-run"
            >
              {t('cmp.run')}
            </Button>
          </Space>
        ) : (
          <Alert type="info" showIcon title={t('cmp.noRunPermission')} />
        )}
        {allowed && lastAsOf && asOf.format('YYYY-MM-DD') !== lastAsOf && (
          // Ages, and so the out-of-school list, follow the date: a changed date is said aloud.
          <Alert
            type="warning"
            showIcon
            data-testid="cmp-asof-differs"
            title={t('cmp.asOfDiffers', { last: lastAsOf })}
            action={
              <Button
                size="small"
                onClick={() => {
                  setTouched(true);
                  setAsOf(dayjs(lastAsOf));
                }}
                data-testid="cmp-asof-use-last"
              >
                {t('cmp.asOfUseLast')}
              </Button>
            }
          />
        )}
        {jobId && <JobProgress<RunStats> jobId={jobId} onDone={finished} />}
        {done && <Alert type="success" showIcon title={t('cmp.runDone')} data-testid="cmp-run-done" />}
        {error && <Alert type="error" showIcon title={error} data-testid="cmp-run-error" />}
        {lastRun && importsSinceRun > 0 && !jobId && (
          <Alert
            type="warning"
            showIcon
            data-testid="cmp-stale"
            title={t('cmp.stale', { n: importsSinceRun })}
          />
        )}
        <Typography.Text type="secondary" data-testid="cmp-last-run">
          {lastRun ?? t('cmp.neverRun')}
        </Typography.Text>
      </Space>
    </Card>
  );
}
