import { Empty, Skeleton, Table, Tag } from 'antd';
import { LoadError } from '../../components/LoadError.tsx';
import { useI18n } from '../../i18n.ts';
import { useFetch } from '../../useFetch.ts';
import { ReliefSteps } from '../aid-extras/ReliefSteps.tsx';
import { fenToYuan, type ReliefRow, STATUS_COLORS } from '../aid-extras/types.ts';

/**
 * The person file's 应急救助 tab (一生一档, 工作要点 1: "with every … aid payment … on it"): every
 * application of the person in the viewer's scope, with its approval steps.
 */
export function PersonRelief({ personId }: { personId: number | string }) {
  const { t, tc } = useI18n();
  const list = useFetch<{ items: ReliefRow[] }>(`/api/persons/${personId}/relief`);
  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Skeleton active />;
  if (list.data.items.length === 0) return <Empty description={t('aidx.noRelief')} />;
  return (
    <Table<ReliefRow>
      size="small"
      rowKey="id"
      pagination={false}
      data-testid="person-relief"
      dataSource={list.data.items}
      expandable={{ expandedRowRender: (r) => <ReliefSteps steps={r.steps ?? []} /> }}
      columns={[
        { title: t('aidx.appliedAt'), dataIndex: 'applied_at' },
        { title: t('aidx.school'), dataIndex: 'school_name', render: (s: string | null) => s ?? '—' },
        { title: t('aidx.reason'), dataIndex: 'reason', render: (r: string) => tc('reliefReason', r) },
        {
          title: t('aidx.amount'),
          dataIndex: 'amount_fen',
          align: 'right',
          render: (f: number) => fenToYuan(f),
        },
        {
          title: t('aidx.status'),
          dataIndex: 'status',
          render: (s: string) => <Tag color={STATUS_COLORS[s]}>{tc('reliefStatus', s)}</Tag>,
        },
        { title: t('aidx.paidAt'), dataIndex: 'paid_at', render: (d: string | null) => d ?? '—' },
      ]}
    />
  );
}
