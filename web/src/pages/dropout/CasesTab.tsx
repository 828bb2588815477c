import { PlusOutlined } from '@ant-design/icons';
import { Button, Select, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Paged } from '../../api.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { useI18n } from '../../i18n.ts';
import { useUser } from '../../session.tsx';
import { useFetch } from '../../useFetch.ts';
import { NameSearch, usePaging } from '../../usePaging.tsx';
import { OpenCaseModal, type OpenCaseTarget } from './OpenCaseModal.tsx';
import { type CaseRow, canWriteDropout, REASONS, STATUS_COLORS, STATUSES } from './types.ts';

/**
 * 台账: every case in scope, filtered by status, reason, overdue, name; 新建个案 opens a case for a
 * pupil on a roll in scope (a school's report: 长期缺课、疑似辍学), for those who write the ledger.
 */
export function CasesTab() {
  const { t, tc } = useI18n();
  const user = useUser();
  const [target, setTarget] = useState<OpenCaseTarget | null>(null);
  const [status, setStatus] = useState<string | undefined>();
  const [reason, setReason] = useState<string | undefined>();
  const [overdue, setOverdue] = useState(false);
  const [q, setQ] = useState<string | undefined>();
  const paging = usePaging();
  const list = useFetch<Paged<CaseRow>>('/api/dropout/cases', {
    status,
    reason,
    q,
    page: paging.page,
    pageSize: paging.pageSize,
    overdue: overdue ? 'true' : undefined,
  });
  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <Select
          allowClear
          placeholder={t('dropout.status')}
          style={{ width: 150 }}
          value={status}
          onChange={paging.refilter(setStatus)}
          options={STATUSES.map((s) => ({ value: s, label: tc('dropoutStatus', s) }))}
        />
        <Select
          allowClear
          placeholder={t('dropout.reason')}
          style={{ width: 150 }}
          value={reason}
          onChange={paging.refilter(setReason)}
          options={REASONS.map((s) => ({ value: s, label: tc('dropoutReason', s) }))}
        />
        <NameSearch placeholder={t('dropout.name')} onSearch={paging.refilter(setQ)} />
        <span>
          <Switch size="small" checked={overdue} onChange={paging.refilter(setOverdue)} />{' '}
          {t('dropout.overdue')}
        </span>
        {canWriteDropout(user) && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="case-new"
            onClick={() => setTarget({ source: 'school', name: '' })}
          >
            {t('dropout.newCase')}
          </Button>
        )}
      </Space>
      <Table<CaseRow>
        rowKey="id"
        size="small"
        data-testid="case-table"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={paging.pagination(list.data?.total)}
        columns={[
          {
            title: t('dropout.name'),
            dataIndex: 'name',
            render: (n: string, r) => <Link to={`/dropout/cases/${r.id}`}>{n}</Link>,
          },
          { title: t('dropout.county'), dataIndex: 'county_name' },
          { title: t('dropout.school'), dataIndex: 'school_name', render: (s: string | null) => s ?? '—' },
          { title: t('dropout.reason'), dataIndex: 'reason', render: (r: string) => tc('dropoutReason', r) },
          {
            title: t('dropout.keyGroups'),
            dataIndex: 'key_groups',
            render: (g: string[]) => g.map((x) => <Tag key={x}>{tc('keyGroup', x)}</Tag>),
          },
          {
            title: t('dropout.status'),
            dataIndex: 'status',
            render: (s: CaseRow['status']) => <Tag color={STATUS_COLORS[s]}>{tc('dropoutStatus', s)}</Tag>,
          },
          { title: t('dropout.openedAt'), dataIndex: 'opened_at' },
          {
            title: t('dropout.deadline'),
            dataIndex: 'deadline',
            render: (d: string | null, r) => (r.overdue ? <Tag color="red">{d}</Tag> : (d ?? '—')),
          },
        ]}
      />
      <OpenCaseModal target={target} onClose={() => setTarget(null)} />
    </Space>
  );
}
