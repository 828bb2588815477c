import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { ApiError, errorMessage, withQuery } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { type ImportReport, ImportReportView } from './ImportReportView.tsx';
import { type Job, JobProgress } from './JobProgress.tsx';

export type ImportKind = 'students' | 'registry' | 'lists' | 'schools';
export type ListKind = 'minimum_living' | 'extreme_poverty' | 'disability' | 'hardship';

/**
 * POSTs the file itself as the request body (POST /api/imports/:kind, application/octet-stream),
 * answering the job id; errors carry the server's Chinese message like `api()`.
 */
async function uploadImport(
  kind: ImportKind,
  file: File,
  query: {
    listKind?: ListKind;
    asOf?: string;
    confirmLeft?: 'true';
    confirmTransfer?: 'true';
    confirmNewest?: 'true';
    confirmRemoval?: 'true';
  },
): Promise<string> {
  let res: Response;
  try {
    res = await fetch(withQuery(`/api/imports/${kind}`, { filename: file.name, ...query }), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': 'application/octet-stream' },
      body: file,
    });
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络后重试');
  }
  const data = (await res.json().catch(() => null)) as {
    jobId?: string;
    error?: { code?: string; message?: string };
  } | null;
  if (!res.ok || !data?.jobId)
    throw new ApiError(
      res.status,
      data?.error?.code ?? `http_${res.status}`,
      data?.error?.message ?? `上传失败（HTTP ${res.status}）`,
    );
  return data.jobId;
}

export interface FileImportProps {
  kind: ImportKind;
  /** Required for `lists`: which assistance list the file is. */
  listKind?: ListKind;
  asOf?: string;
  disabled?: boolean;
  /** Called after a finished import (whether or not it was accepted). */
  onImported?(report: ImportReport): void;
  testId?: string;
}

/** What the user confirmed for this file so far (a roll may ask twice: a transfer, then a mass leaving). */
type Confirmed = ReadonlyArray<NonNullable<ImportReport['confirm']>>;

type Phase =
  | { step: 'idle' }
  | { step: 'uploading'; filename: string }
  | { step: 'running'; file: File; jobId: string; confirmed: Confirmed }
  | { step: 'done'; file: File; jobId: string; report: ImportReport; confirmed: Confirmed }
  | { step: 'error'; filename: string; message: string };

/**
 * Upload of one roll, registry, list or school-list file: a file button, then the import job's progress,
 * then its report (counts, every bad row, the downloadable problem report).
 */
export function FileImport({ kind, listKind, asOf, disabled, onImported, testId }: FileImportProps) {
  const { t } = useI18n();
  const [phase, setPhase] = useState<Phase>({ step: 'idle' });
  const busy = phase.step === 'uploading' || phase.step === 'running';

  /** Uploads the file; `confirmed`: again, with every confirmation its reports asked for so far. */
  async function start(file: File, confirmed: Confirmed = []) {
    setPhase({ step: 'uploading', filename: file.name });
    try {
      const jobId = await uploadImport(kind, file, {
        listKind,
        asOf,
        ...(confirmed.includes('left') ? { confirmLeft: 'true' as const } : {}),
        ...(confirmed.includes('transfer') ? { confirmTransfer: 'true' as const } : {}),
        ...(confirmed.includes('newest') ? { confirmNewest: 'true' as const } : {}),
        ...(confirmed.includes('removal') ? { confirmRemoval: 'true' as const } : {}),
      });
      setPhase({ step: 'running', file, jobId, confirmed });
    } catch (e) {
      setPhase({ step: 'error', filename: file.name, message: errorMessage(e) });
    }
  }

  function finished(job: Job<ImportReport>) {
    if (phase.step !== 'running') return;
    if (job.status === 'succeeded' && job.result) {
      setPhase({
        step: 'done',
        file: phase.file,
        jobId: job.id,
        report: job.result,
        confirmed: phase.confirmed,
      });
      onImported?.(job.result);
    } else {
      setPhase({ step: 'error', filename: phase.file.name, message: job.error ?? t('import.failed') });
    }
  }

  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid={testId}>
      <Space wrap>
        <Upload
          accept=".xlsx,.xls,.et,.csv,.txt"
          showUploadList={false}
          disabled={disabled || busy}
          beforeUpload={(file) => {
            void start(file);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={busy} disabled={disabled || busy}>
            {t('import.choose')}
          </Button>
        </Upload>
        {/* The header the import reads, IDs formatted as text, and a 填表说明 sheet. */}
        <Button
          type="link"
          icon={<DownloadOutlined />}
          href={`/api/imports/template/${kind}`}
          download
          data-testid={`import-template-${kind}`}
        >
          {t('import.template')}
        </Button>
      </Space>
      {phase.step !== 'idle' && (
        <Typography.Text type="secondary" ellipsis>
          {t('import.file', { name: 'file' in phase ? phase.file.name : phase.filename })}
        </Typography.Text>
      )}
      {phase.step === 'uploading' && (
        <Typography.Text type="secondary">{t('import.uploading')}</Typography.Text>
      )}
      {phase.step === 'running' && <JobProgress<ImportReport> jobId={phase.jobId} onDone={finished} />}
      {phase.step === 'done' && (
        <ImportReportView
          report={phase.report}
          jobId={phase.jobId}
          onConfirm={() =>
            void start(
              phase.file,
              phase.report.confirm ? [...phase.confirmed, phase.report.confirm] : phase.confirmed,
            )
          }
        />
      )}
      {phase.step === 'error' && (
        <Alert
          type="error"
          showIcon
          data-testid="import-result"
          title={t('import.failed')}
          description={phase.message}
        />
      )}
    </Space>
  );
}
