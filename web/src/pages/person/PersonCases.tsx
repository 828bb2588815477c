import { PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Skeleton, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { LoadError } from '../../components/LoadError.tsx';
import { useI18n } from '../../i18n.ts';
import { useUser } from '../../session.tsx';
import { TEXT_COLUMN } from '../../textColumn.ts';
import { useFetch } from '../../useFetch.ts';
import { OpenCaseModal, type OpenCaseTarget } from '../dropout/OpenCaseModal.tsx';
import { type CaseRow, canWriteDropout, STATUS_COLORS } from '../dropout/types.ts';
import type { PersonEnrolment } from './types.ts';

/**
 * The person file's 控辍保学 tab (一生一档, 工作要点 1: "with every … case on it"): every dropout
 * case of the person in the viewer's scope, linking to the case page. A pupil on a roll with no open
 * case may have one opened here (a school's report), by those who write the ledger; the server
 * checks the pupil's school is in their scope.
 */
export function PersonCases({
  personId,
  name,
  enrolled = [],
}: {
  personId: number | string;
  name: string;
  /** The person's current enrolments. */
  enrolled?: PersonEnrolment[];
}) {
  const { t, tc } = useI18n();
  const user = useUser();
  const [target, setTarget] = useState<OpenCaseTarget | null>(null);
  const list = useFetch<{ items: CaseRow[] }>(`/api/persons/${personId}/dropout-cases`);
  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Skeleton active />;
  const open = list.data.items.some((c) => c.status !== 'closed');
  const openers =
    canWriteDropout(user) && !open
      ? enrolled.map((s) => (
          <Button
            key={s.id}
            icon={<PlusOutlined />}
            data-testid={`person-open-case-${s.id}`}
            onClick={() => setTarget({ source: 'school', studentId: s.id, name })}
          >
            {enrolled.length > 1
              ? t('person.openDropoutCaseAt', { school: s.school_name })
              : t('person.openDropoutCase')}
          </Button>
        ))
      : [];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {openers.length > 0 && <Space wrap>{openers}</Space>}
      {list.data.items.length === 0 ? (
        <Empty description={t('dropout.noCases')} />
      ) : (
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
            {
              title: t('dropout.reason'),
              dataIndex: 'reason',
              render: (r: string) => tc('dropoutReason', r),
            },
            {
              title: t('dropout.status'),
              dataIndex: 'status',
              render: (s: CaseRow['status']) => <Tag color={STATUS_COLORS[s]}>{tc('dropoutStatus', s)}</Tag>,
            },
            {
              title: t('dropout.returnDate'),
              dataIndex: 'return_date',
              render: (d: string | null) => d ?? '—',
            },
            {
              title: t('dropout.closingNote'),
              dataIndex: 'closing_note',
              className: TEXT_COLUMN,
              render: (d: string | null) => d ?? '—',
            },
          ]}
        />
      )}
      <OpenCaseModal target={target} onClose={() => setTarget(null)} />
    </Space>
  );
}
