import { Card, Table, Typography } from 'antd';
import { LoadError } from '../components/LoadError.tsx';
import { useI18n } from '../i18n.ts';
import { useFetch } from '../useFetch.ts';
import { usePaging } from '../usePaging.tsx';

interface TransferOut {
  student_no: string;
  name: string | null;
  grade: string | null;
  at: string;
  to_school_code: string | null;
  to_school_name: string | null;
}

/**
 * 转出学生 of a school: the pupils a newer roll moved to another school, newest first — the trace a
 * transfer leaves where the pupil was, whose record the school no longer sees (tester v21b F9).
 */
export function TransfersOut({ code }: { code: string }) {
  const { t } = useI18n();
  const paging = usePaging(10);
  const list = useFetch<{ items: TransferOut[]; total: number }>(
    `/api/schools/${encodeURIComponent(code)}/transfers-out`,
    { page: paging.page, pageSize: paging.pageSize },
  );
  return (
    <Card
      size="small"
      title={t('school.transfersOut')}
      style={{ marginTop: 16 }}
      data-testid="school-transfers-out"
    >
      <Typography.Paragraph type="secondary">{t('school.transfersOutHint')}</Typography.Paragraph>
      {list.error ? (
        <LoadError error={list.error} onRetry={list.reload} />
      ) : (
        <Table<TransferOut>
          size="small"
          rowKey={(r) => `${r.student_no}|${r.at}`}
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={paging.pagination(list.data?.total)}
          columns={[
            { title: t('cmp.col.name'), dataIndex: 'name', render: (v: string | null) => v ?? '—' },
            { title: t('cmp.col.studentNo'), dataIndex: 'student_no' },
            { title: t('school.transferGrade'), dataIndex: 'grade', render: (v: string | null) => v ?? '—' },
            {
              title: t('school.transferTo'),
              key: 'to',
              render: (_, r) => r.to_school_name ?? r.to_school_code ?? '—',
            },
            { title: t('school.transferAt'), dataIndex: 'at', render: (v: string) => v.slice(0, 10) },
          ]}
        />
      )}
    </Card>
  );
}
