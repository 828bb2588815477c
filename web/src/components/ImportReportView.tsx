import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Table, Tag, Typography } from 'antd';
import { errorMessage, serverText } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { RowText } from './RowText.tsx';

/** One bad row of an import (src/domain/roll/roll-row.ts RowMessage). */
export interface RowMessage {
  row: number;
  column: string | null;
  message: string;
  severity: 'error' | 'warning';
}

/** The import job's result (src/modules/imports/import-report.ts). */
export interface ImportReport {
  ok: boolean;
  kind: string;
  filename: string;
  rows: number;
  counts: Record<string, number>;
  errors: RowMessage[];
  warnings: RowMessage[];
  /** All errors and warnings of the file, when the lists hold only the first of them. */
  totals?: { errors: number; warnings: number };
  fileError?: string;
  /**
   * The import waits for the user: 'left' — most of a school would be marked as left; 'removal' —
   * most of a county's 建档立卡 persons would be removed from the list.
   */
  confirm?: 'left' | 'removal' | 'transfer' | 'newest';
  /** Sentences about the file as a whole (its ID column went through Excel …), in Chinese. */
  notices?: string[];
  /** Every person a 建档立卡 list changed: the downloaded report's 名单变更 sheet (import-report.ts). */
  changes?: unknown[];
  /** Every pupil a roll import changed: the downloaded report's 学籍变动 sheet. */
  rollChanges?: unknown[];
  truncated?: boolean;
}

/**
 * What an import found: done or refused (nothing written), the counts, and every problem
 * with its row and column (行号, 列, 问题), plus the full report as a download.
 */
export function ImportReportView({
  report,
  jobId,
  onConfirm,
}: {
  report: ImportReport;
  jobId: string;
  /** Imports the same file again with the confirmation the report asks for. */
  onConfirm?(): void;
}) {
  const { t, tc, p } = useI18n();
  const problems = [...report.errors, ...report.warnings];
  // The download lists the problems, and every person a 建档立卡 list changed (tester v27b F5).
  // (And every pupil a roll changed: tester t28b F1.)
  const changed = (report.changes?.length ?? 0) > 0 || (report.rollChanges?.length ?? 0) > 0;
  const counts = Object.entries(report.counts ?? {})
    .filter(([k]) => k !== 'rows' && k !== 'warnings')
    // Lists count their entries per list kind (低保 12 …); the others have their own count names.
    .map(([k, n]) => `${tc('importCount', k) === k ? tc('listKind', k) : tc('importCount', k)} ${n}`);
  const summary = [t('import.summary', { rows: report.rows }), ...counts].join(p.semicolon);
  const reportLink = (
    <Button
      size="small"
      icon={<DownloadOutlined />}
      href={`/api/imports/report/${jobId}`}
      download
      data-testid="import-report-download"
    >
      {/* (The report of an import that changed persons is more than its problems: verifier t28d N5.) */}
      {problems.length > 0 && !changed ? t('import.download') : t('import.downloadReport')}
    </Button>
  );

  // (In English, a file error the UI knows is English: serverMessages.ts.)
  const fileError = report.fileError && errorMessage(new Error(report.fileError));
  if (report.fileError && report.confirm && onConfirm) {
    const [title, action, testId] =
      report.confirm === 'left'
        ? [t('import.confirmLeftTitle'), t('import.confirmLeft'), 'import-confirm-left']
        : report.confirm === 'transfer'
          ? [t('import.confirmTransferTitle'), t('import.confirmTransfer'), 'import-confirm-transfer']
          : report.confirm === 'newest'
            ? [t('import.confirmNewestTitle'), t('import.confirmNewest'), 'import-confirm-newest']
            : [t('import.confirmRemovalTitle'), t('import.confirmRemoval'), 'import-confirm-removal'];
    // What else the file holds stands beside the question (tester v26b F4: a roll of 10,000 invalid
    // IDs asked only whether it was the whole roll), and long texts wrap (F5: cut off in English).
    const held = report.totals?.warnings ?? report.warnings.length;
    return (
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Alert
          type="warning"
          showIcon
          data-testid="import-result"
          title={title}
          style={{ overflowWrap: 'anywhere' }}
          description={
            <Space orientation="vertical" size={8} style={{ width: '100%' }}>
              <span>{fileError}</span>
              {held > 0 && (
                <Space size={4} wrap>
                  <Tag color="warning" data-testid="import-warnings">
                    {t('import.warnings', { n: held })}
                  </Tag>
                  {problems.length > 0 && reportLink}
                </Space>
              )}
              <Button
                danger
                size="small"
                onClick={onConfirm}
                data-testid={testId}
                style={{ whiteSpace: 'normal', height: 'auto', textAlign: 'start' }}
              >
                {action}
              </Button>
            </Space>
          }
        />
        {(report.notices ?? []).map((n) => (
          <Alert key={n} type="warning" showIcon data-testid="import-notice" title={serverText(n)} />
        ))}
      </Space>
    );
  }
  if (report.fileError) {
    return (
      <Alert
        type="error"
        showIcon
        data-testid="import-result"
        title={t('import.failed')}
        description={fileError}
      />
    );
  }
  // (A job keeps the first 50,000 of each; `totals` counts them all.)
  const errorCount = report.totals?.errors ?? report.errors.length;
  const warningCount = report.totals?.warnings ?? report.warnings.length;
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Alert
        type={report.ok ? (report.warnings.length ? 'warning' : 'success') : 'error'}
        showIcon
        data-testid="import-result"
        title={report.ok ? t('import.done') : t('import.failed')}
        description={
          <Space orientation="vertical" size={4}>
            <span>{report.ok ? summary : t('import.failedBody', { n: errorCount })}</span>
            <Space size={4} wrap>
              <Tag color={report.errors.length ? 'error' : 'default'} data-testid="import-errors">
                {t('import.errors', { n: errorCount })}
              </Tag>
              <Tag color={report.warnings.length ? 'warning' : 'default'} data-testid="import-warnings">
                {t('import.warnings', { n: warningCount })}
              </Tag>
              {(problems.length > 0 || changed) && reportLink}
            </Space>
          </Space>
        }
      />
      {(report.notices ?? []).map((n) => (
        <Alert key={n} type="warning" showIcon data-testid="import-notice" title={serverText(n)} />
      ))}
      {report.truncated && <Typography.Text type="secondary">{t('import.truncated')}</Typography.Text>}
      {problems.length > 0 && (
        <Table<RowMessage & { key: number }>
          size="small"
          data-testid="import-problems"
          dataSource={problems.map((p, i) => ({ ...p, key: i }))}
          pagination={{ defaultPageSize: 10, size: 'small', hideOnSinglePage: true }}
          columns={[
            { title: t('import.row'), dataIndex: 'row', width: 56 },
            {
              title: t('import.column'),
              dataIndex: 'column',
              width: 96,
              ellipsis: true,
              render: (c: string | null) => c ?? '—',
            },
            {
              title: t('import.message'),
              dataIndex: 'message',
              render: (m: string, p) => (
                <span>
                  <Tag color={p.severity === 'error' ? 'error' : 'warning'} style={{ marginInlineEnd: 4 }}>
                    {t(`import.severity.${p.severity}`)}
                  </Tag>
                  <RowText text={m} />
                </span>
              ),
            },
          ]}
        />
      )}
    </Space>
  );
}
