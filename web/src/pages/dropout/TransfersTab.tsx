import { Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { LoadError } from '../../components/LoadError.tsx';
import { useI18n } from '../../i18n.ts';
import { useUser } from '../../session.tsx';
import { useFetch } from '../../useFetch.ts';
import { CaseMarkCell } from './CaseMarkCell.tsx';
import { OpenCaseModal, type OpenCaseTarget } from './OpenCaseModal.tsx';
import type { TransferRow } from './types.ts';

/** 流转学生监测: students gone from a roll for more than N days and enrolled nowhere (工作要点 5). */
export function TransfersTab() {
  const { t, tc } = useI18n();
  const user = useUser();
  const [target, setTarget] = useState<OpenCaseTarget | null>(null);
  const list = useFetch<{ items: TransferRow[]; days: number; asOf: string }>('/api/dropout/transfers');
  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {list.data && (
        <Typography.Text type="secondary">
          {t('dropout.transferHint', { days: list.data.days })}
        </Typography.Text>
      )}
      <Table<TransferRow>
        rowKey="id"
        size="small"
        data-testid="transfer-table"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={[
          { title: t('dropout.name'), dataIndex: 'name' },
          { title: t('dropout.idNumber'), dataIndex: 'id_number' },
          { title: t('dropout.leftSchool'), dataIndex: 'school_name' },
          { title: t('school.stages'), dataIndex: 'stage', render: (s: string) => tc('stage', s) },
          { title: t('dropout.leftAt'), dataIndex: 'left_at' },
          {
            title: t('common.actions'),
            key: 'act',
            render: (_: unknown, r) => (
              <CaseMarkCell
                row={r}
                canOpen={user.permissions.write}
                onOpen={() =>
                  setTarget({
                    source: 'transfer',
                    studentId: r.id,
                    name: r.name,
                    keyGroups: r.key_groups,
                    previous: r.last_case,
                    leftAt: r.left_at,
                  })
                }
              />
            ),
          },
        ]}
      />
      <OpenCaseModal target={target} onClose={() => setTarget(null)} />
    </Space>
  );
}
