import { Button, Card, InputNumber, Select, Space, Spin, Table, Typography } from 'antd';
import { useState } from 'react';
import type { Paged } from '../../api.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { UrlTabs } from '../../components/UrlTabs.tsx';
import { useI18n } from '../../i18n.ts';
import { useUser } from '../../session.tsx';
import { useFetch } from '../../useFetch.ts';
import { usePaging } from '../../usePaging.tsx';
import { useServerToday } from '../aid/common.tsx';
import { AidSettingsForm } from './AidSettingsForm.tsx';
import { FundEntryModal } from './FundEntryModal.tsx';
import { type BalanceRow, bpToPercent, FUND_KINDS, type FundEntryRow, fenToYuan } from './types.ts';

const WRITERS = ['school_aid_officer', 'county_admin', 'county_aid_centre', 'city_admin', 'city_aid_centre'];

function useMoneyColumns() {
  const { t } = useI18n();
  const money = (title: string, dataIndex: keyof BalanceRow) => ({
    title,
    dataIndex,
    align: 'right' as const,
    render: (f: number) => fenToYuan(f),
  });
  return [
    money(t('aidx.opening'), 'opening_fen'),
    money(t('aidx.extracted'), 'extracted_fen'),
    money(t('aidx.feeWaiver'), 'fee_waiver_fen'),
    money(t('aidx.livingSubsidy'), 'living_subsidy_fen'),
    money(t('aidx.adjusted'), 'adjusted_fen'),
    { ...money(t('aidx.balance'), 'balance_fen'), render: (f: number) => <b>{fenToYuan(f)}</b> },
  ];
}

function Balances({ year }: { year: number }) {
  const { t } = useI18n();
  const cols = useMoneyColumns();
  const b = useFetch<{ schools: BalanceRow[]; counties: BalanceRow[] }>('/api/aid/fund/balances', { year });
  if (b.error) return <LoadError error={b.error} onRetry={b.reload} />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={5}>{t('aidx.byCounty')}</Typography.Title>
      <Table<BalanceRow>
        rowKey="county_code"
        size="small"
        pagination={false}
        loading={b.loading}
        data-testid="fund-counties"
        dataSource={b.data?.counties ?? []}
        columns={[
          { title: t('aidx.county'), dataIndex: 'county_name' },
          { title: t('aidx.schools'), dataIndex: 'schools' },
          ...cols,
        ]}
      />
      <Typography.Title level={5}>{t('aidx.bySchool')}</Typography.Title>
      <Table<BalanceRow>
        rowKey="school_code"
        size="small"
        loading={b.loading}
        data-testid="fund-schools"
        dataSource={b.data?.schools ?? []}
        columns={[
          { title: t('aidx.school'), dataIndex: 'school_name' },
          { title: t('aidx.county'), dataIndex: 'county_name' },
          ...cols,
        ]}
      />
    </Space>
  );
}

function Entries({ year }: { year: number }) {
  const { t, tc } = useI18n();
  const [kind, setKind] = useState<string | undefined>();
  const paging = usePaging();
  const list = useFetch<Paged<FundEntryRow>>('/api/aid/fund/entries', {
    year,
    kind,
    page: paging.page,
    pageSize: paging.pageSize,
  });
  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Select
        allowClear
        placeholder={t('aidx.kind')}
        style={{ width: 160 }}
        value={kind}
        onChange={paging.refilter(setKind)}
        options={FUND_KINDS.map((k) => ({ value: k, label: tc('fundKind', k) }))}
      />
      <Table<FundEntryRow>
        rowKey="id"
        size="small"
        loading={list.loading}
        data-testid="fund-entries"
        dataSource={list.data?.items ?? []}
        pagination={paging.pagination(list.data?.total)}
        columns={[
          { title: t('aidx.entryDate'), dataIndex: 'entry_date' },
          { title: t('aidx.school'), dataIndex: 'school_name' },
          { title: t('aidx.kind'), dataIndex: 'kind', render: (k: string) => tc('fundKind', k) },
          {
            title: t('aidx.revenue'),
            dataIndex: 'revenue_fen',
            align: 'right',
            render: (f: number | null) => (f === null ? '—' : fenToYuan(f)),
          },
          {
            title: t('aidx.ratio'),
            dataIndex: 'ratio_bp',
            render: (b: number | null) => (b === null ? '—' : `${bpToPercent(b)}%`),
          },
          {
            title: t('aidx.amount'),
            dataIndex: 'amount_fen',
            align: 'right',
            render: (f: number) => fenToYuan(f),
          },
          { title: t('aidx.recipient'), dataIndex: 'recipient_name', render: (n: string | null) => n ?? '—' },
          { title: t('aidx.note'), dataIndex: 'note', render: (n: string | null) => n ?? '—' },
          { title: t('aidx.actor'), dataIndex: 'created_by_name' },
        ]}
      />
    </Space>
  );
}

const TABS = ['balances', 'entries', 'settings'] as const;

/** /aid/fund: 学校资助基金 (工作要点 2) — balances per county and school, entries, ratios. */
export function FundPage() {
  const { t } = useI18n();
  const user = useUser();
  // The year of the server's day (JIAOFU_TODAY), never the browser's clock, until one is chosen.
  const today = useServerToday();
  const [chosenYear, setYear] = useState<number | null>(null);
  const year = chosenYear ?? (today ? Number(today.slice(0, 4)) : null);
  const [adding, setAdding] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);
  const wait = <Spin />;
  const body = {
    balances: year === null ? wait : <Balances key={reloadKey} year={year} />,
    entries: year === null ? wait : <Entries key={reloadKey} year={year} />,
    settings: <AidSettingsForm />,
  };
  return (
    <Card
      title={t('aidx.fund.title')}
      extra={<Typography.Text type="secondary">{t('aidx.fund.policy')}</Typography.Text>}
    >
      <Space style={{ marginBottom: 12 }}>
        {t('aidx.year')}
        <InputNumber
          min={2000}
          max={2100}
          value={year}
          onChange={(v) => v && setYear(v)}
          data-testid="fund-year"
        />
        {WRITERS.includes(user.role) && (
          <Button
            type="primary"
            disabled={year === null}
            onClick={() => setAdding(true)}
            data-testid="fund-add"
          >
            {t('aidx.addEntry')}
          </Button>
        )}
      </Space>
      <UrlTabs keys={TABS} label={(k) => t(`aidx.tab.${k}`)} body={body} />
      <FundEntryModal
        open={adding && year !== null}
        year={year ?? 0}
        onClose={(saved) => {
          setAdding(false);
          if (saved) setReloadKey((n) => n + 1);
        }}
      />
    </Card>
  );
}
