import { Descriptions, Space, Table, Tag, Typography } from 'antd';
import { type Punct, useI18n } from '../../i18n.ts';
import type { PolicyConfig } from './types.ts';

type Prog = PolicyConfig['programmes'][number];

/** The amount rule of a programme in words (yuan per year unless said otherwise). */
export function amountText(
  p: Prog,
  tc: (prefix: string, code: string) => string,
  punct: Punct,
  config?: Pick<PolicyConfig, 'programmes' | 'recognition'>,
): string {
  const a = p.amount as Record<string, unknown> & { kind: string };
  const byStage = (m: unknown) =>
    Object.entries((m ?? {}) as Record<string, number>)
      .map(([s, v]) => `${tc('stage', s)} ${v}元/年`)
      .join(punct.semicolon);
  if (a.kind === 'per_year') return byStage(a.byStage);
  if (a.kind === 'fee') return `${byStage(a.byStage)}${punct.paren('按学校收费标准')}`;
  if (a.kind === 'per_school_day') return `${String(a.perDay)}元/在校日`;
  if (a.kind === 'share_of') {
    // The other programme by its name, as the table lists it.
    const of = config?.programmes.find((x) => x.code === a.programme)?.name ?? String(a.programme);
    return `${of}的 ${String(a.percent)}%`;
  }
  if (a.kind === 'by_tier')
    return Object.entries((a.byTier ?? {}) as Record<string, number>)
      .map(
        ([tier, v]) => `${config?.recognition.tiers.find((x) => x.code === tier)?.label ?? tier} ${v}元/年`,
      )
      .join(punct.semicolon);
  return a.kind;
}

/** The active policy's content: programmes × stages × amounts, county overrides, recognition, terms. */
export function PolicyTables({ config }: { config: PolicyConfig }) {
  const { t, tc, p: punct } = useI18n();
  const overrides = Object.entries(config.countyOverrides ?? {}).map(([code, o]) => ({ code, ...o }));
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={5}>{t('aid.policy.programmes')}</Typography.Title>
      <Table<Prog>
        size="small"
        rowKey="code"
        pagination={false}
        data-testid="policy-programmes"
        dataSource={config.programmes}
        columns={[
          { title: t('aid.policy.programme'), dataIndex: 'name' },
          { title: t('aid.policy.level'), dataIndex: 'level', render: (l: string) => tc('policyLevel', l) },
          {
            title: t('aid.policy.stages'),
            dataIndex: 'stages',
            render: (s: string[]) => s.map((x) => tc('stage', x)).join(punct.enumeration),
          },
          {
            title: t('aid.policy.amount'),
            key: 'amount',
            render: (_: unknown, p) => amountText(p, tc, punct, config),
          },
          {
            title: t('aid.policy.eligibility'),
            key: 'elig',
            render: (_: unknown, p) =>
              [
                p.eligibility.boarding !== 'any' ? tc('boardingRule', p.eligibility.boarding) : '',
                p.eligibility.counties ? `${p.eligibility.counties.length} 县` : '',
                p.note ?? '',
              ]
                .filter(Boolean)
                .join(punct.semicolon),
          },
          {
            title: t('aid.policy.enabled'),
            dataIndex: 'enabled',
            render: (e: boolean) => (e ? <Tag color="green">✓</Tag> : <Tag>—</Tag>),
          },
        ]}
      />
      <Typography.Title level={5}>{t('aid.policy.overrides')}</Typography.Title>
      <Table
        size="small"
        rowKey="code"
        pagination={false}
        data-testid="policy-overrides"
        dataSource={overrides}
        columns={[
          {
            title: t('aid.policy.county'),
            dataIndex: 'name',
            render: (n: string, o) => (
              <Space>
                {n}
                {o.toConfirm && <Tag color="orange">{t('aid.policy.toConfirm')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('aid.policy.amount'),
            dataIndex: 'amounts',
            render: (a: Record<string, Record<string, number>>) =>
              Object.entries(a)
                .map(
                  ([prog, m]) =>
                    `${config.programmes.find((p) => p.code === prog)?.name ?? prog}${punct.colon}${Object.entries(
                      m,
                    )
                      .map(([s, v]) => `${tc('stage', s)} ${v}元/年`)
                      .join(punct.comma)}`,
                )
                .join(punct.semicolon),
          },
          { title: t('aid.policy.note'), dataIndex: 'note' },
        ]}
      />
      <Descriptions
        bordered
        size="small"
        title={t('aid.policy.recognition')}
        column={{ xs: 1, md: 2 }}
        items={[
          {
            key: 'tiers',
            label: t('aid.policy.tiers'),
            children: config.recognition.tiers.map((x) => x.label).join(punct.enumeration),
          },
          { key: 'days', label: t('aid.policy.noticeDays'), children: config.recognition.noticeWorkingDays },
          {
            key: 'mid',
            label: t('aid.policy.midYear'),
            children: config.recognition.midYearReasons.map((x) => x.label).join(punct.enumeration),
          },
          {
            key: 'fund',
            label: t('aid.policy.fund'),
            children: Object.entries(config.schoolAidFund)
              .map(([s, r]) => `${tc('stage', s)} ${r.minPercent}%–${r.maxPercent}%`)
              .join(punct.semicolon),
          },
          { key: 'max', label: t('aid.policy.maxPerTerm'), children: config.maxAmountPerTerm },
        ]}
      />
      <Descriptions
        bordered
        size="small"
        title={t('aid.policy.terms')}
        column={{ xs: 1, md: 2 }}
        items={(['spring', 'autumn'] as const).map((k) => ({
          key: k,
          label: k === 'spring' ? '春季学期' : '秋季学期',
          children: `${t('aid.policy.termStart')} ${config.terms[k].startsOn}${punct.comma}${t('aid.policy.schoolDays')} ${
            config.terms[k].schoolDays
          }${punct.comma}${t('aid.policy.deadline')} ${config.terms[k].paymentDeadlineDays}`,
        }))}
      />
    </Space>
  );
}
