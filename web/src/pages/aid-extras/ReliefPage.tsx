import { Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Paged } from '../../api.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { UrlTabs } from '../../components/UrlTabs.tsx';
import { useI18n } from '../../i18n.ts';
import { useUser } from '../../session.tsx';
import { useFetch } from '../../useFetch.ts';
import { NameSearch, usePaging } from '../../usePaging.tsx';
import { AidSettingsForm } from './AidSettingsForm.tsx';
import { ApplyReliefModal, ReliefActionModal } from './ReliefModals.tsx';
import { ReliefSteps } from './ReliefSteps.tsx';
import {
  fenToYuan,
  RELIEF_REASONS,
  RELIEF_STATUSES,
  type ReliefAction,
  type ReliefRow,
  type ReliefStepRow,
  STATUS_COLORS,
} from './types.ts';

const APPLY_ROLES = [
  'school_aid_officer',
  'head_teacher',
  'county_admin',
  'county_aid_centre',
  'city_admin',
  'city_aid_centre',
];

/** The steps of one application, loaded when its row is expanded. */
function RowSteps({ id }: { id: number }) {
  const d = useFetch<{ steps: ReliefStepRow[] }>(`/api/aid/relief/${id}`);
  if (d.error) return <LoadError error={d.error} onRetry={d.reload} />;
  return d.data ? <ReliefSteps steps={d.data.steps} /> : null;
}

function ReliefList() {
  const { t, tc } = useI18n();
  const user = useUser();
  const [status, setStatus] = useState<string | undefined>();
  const [reason, setReason] = useState<string | undefined>();
  const [q, setQ] = useState<string | undefined>();
  const paging = usePaging();
  const [applying, setApplying] = useState(false);
  const [acting, setActing] = useState<{ row: ReliefRow; action: ReliefAction } | null>(null);
  const list = useFetch<Paged<ReliefRow> & { totalAmountFen: number }>('/api/aid/relief', {
    status,
    reason,
    q,
    page: paging.page,
    pageSize: paging.pageSize,
  });
  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <Select
          allowClear
          placeholder={t('aidx.status')}
          style={{ width: 150 }}
          value={status}
          onChange={paging.refilter(setStatus)}
          options={RELIEF_STATUSES.map((s) => ({ value: s, label: tc('reliefStatus', s) }))}
        />
        <Select
          allowClear
          placeholder={t('aidx.reason')}
          style={{ width: 130 }}
          value={reason}
          onChange={paging.refilter(setReason)}
          options={RELIEF_REASONS.map((s) => ({ value: s, label: tc('reliefReason', s) }))}
        />
        <NameSearch placeholder={t('aidx.name')} onSearch={paging.refilter(setQ)} />
        {APPLY_ROLES.includes(user.role) && (
          <Button type="primary" onClick={() => setApplying(true)} data-testid="relief-apply">
            {t('aidx.apply')}
          </Button>
        )}
        {list.data && (
          <Typography.Text type="secondary">
            {t('aidx.totalAmount', { amount: fenToYuan(list.data.totalAmountFen) })}
          </Typography.Text>
        )}
      </Space>
      <Table<ReliefRow>
        rowKey="id"
        size="small"
        data-testid="relief-table"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        expandable={{ expandedRowRender: (r) => <RowSteps id={r.id} /> }}
        pagination={paging.pagination(list.data?.total)}
        columns={[
          {
            title: t('aidx.name'),
            dataIndex: 'name',
            render: (n: string, r) => <Link to={`/persons/${r.person_id}`}>{n}</Link>,
          },
          { title: t('aidx.county'), dataIndex: 'county_name' },
          { title: t('aidx.school'), dataIndex: 'school_name', render: (s: string | null) => s ?? '—' },
          {
            title: t('aidx.amount'),
            dataIndex: 'amount_fen',
            align: 'right',
            render: (f: number) => fenToYuan(f),
          },
          { title: t('aidx.reason'), dataIndex: 'reason', render: (r: string) => tc('reliefReason', r) },
          {
            title: t('aidx.level'),
            dataIndex: 'approval_level',
            render: (l: string) => t(l === 'city' ? 'aidx.level.city' : 'aidx.level.county'),
          },
          {
            title: t('aidx.status'),
            dataIndex: 'status',
            render: (s: string) => <Tag color={STATUS_COLORS[s]}>{tc('reliefStatus', s)}</Tag>,
          },
          { title: t('aidx.appliedAt'), dataIndex: 'applied_at' },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, r) => (
              <Space size={4}>
                {r.actions.map((a) => (
                  <Button
                    key={a}
                    size="small"
                    danger={a === 'reject'}
                    type={a === 'reject' ? 'default' : 'link'}
                    data-testid={`relief-${a}-${r.id}`}
                    onClick={() => setActing({ row: r, action: a })}
                  >
                    {a === 'reject'
                      ? t('aidx.reject')
                      : a === 'pay'
                        ? t('aidx.pay')
                        : `${tc('reliefStep', a)}·${t('aidx.approve')}`}
                  </Button>
                ))}
              </Space>
            ),
          },
        ]}
      />
      <ApplyReliefModal
        open={applying}
        onClose={(saved) => {
          setApplying(false);
          if (saved) list.reload();
        }}
      />
      <ReliefActionModal
        target={acting}
        onClose={(saved) => {
          setActing(null);
          if (saved) list.reload();
        }}
      />
    </Space>
  );
}

const TABS = ['list', 'settings'] as const;

/** /aid/relief: 应急救助 (工作要点 1) — applications, the approval chain, thresholds. */
export function ReliefPage() {
  const { t } = useI18n();
  return (
    <Card
      title={t('aidx.relief.title')}
      extra={<Typography.Text type="secondary">{t('aidx.relief.policy')}</Typography.Text>}
    >
      <UrlTabs
        keys={TABS}
        label={(k) => t(`aidx.tab.${k}`)}
        body={{ list: <ReliefList />, settings: <AidSettingsForm /> }}
      />
    </Card>
  );
}
