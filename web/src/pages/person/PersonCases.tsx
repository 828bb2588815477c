import { Empty, Skeleton, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { LoadError } from '../../components/LoadError.tsx';
import { useI18n } from '../../i18n.ts';
import { useFetch } from '../../useFetch.ts';
import { type CaseRow, STATUS_COLORS } from '../dropout/types.ts';

/**
 * The person file's 控辍保学 tab (一生一档, 工作要点 1: "with every … case on it"): every dropout
 * case of the person in the viewer's scope, linking to the case page.
 */
export function PersonCases({ personId }: { personId: number | string }) {
  const { t, tc } = useI18n();
  const list = useFetch<{ items: CaseRow[] }>(`/api/persons/${personId}/dropout-cases`);
  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Skeleton active />;
  if (list.data.items.length === 0) return <Empty description={t('dropout.noCases')} />;
  return (
    <Table<CaseRow>
      size="small"
      rowKey="id"
      pagination={false}
      data-testid="person-dropout-cases"
      dataSource={list.data.items}
      columns={[
        {
          title: t('dropout.openedAt'),
          dataIndex: 'opened_at',
          render: (d: string, r) => <Link to={`/dropout/cases/${r.id}`}>{d}</Link>,
        },
        { title: t('dropout.source'), dataIndex: 'source', render: (s: string) => tc('caseSource', s) },
        { title: t('dropout.school'), dataIndex: 'school_name', render: (s: string | null) => s ?? '—' },
        { title: t('dropout.reason'), dataIndex: 'reason', render: (r: string) => tc('dropoutReason', r) },
        {
          title: t('dropout.status'),
          dataIndex: 'status',
          render: (s: CaseRow['status']) => <Tag color={STATUS_COLORS[s]}>{tc('dropoutStatus', s)}</Tag>,
        },
        { title: t('dropout.returnDate'), dataIndex: 'return_date', render: (d: string | null) => d ?? '—' },
        {
          title: t('dropout.closingNote'),
          dataIndex: 'closing_note',
          render: (d: string | null) => d ?? '—',
        },
      ]}
    />
  );
}
