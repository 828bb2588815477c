import { Descriptions, Space, Table, Tag, Typography } from 'antd';
import { type I18n, useI18n } from '../../i18n.ts';
import { aidLabel } from './labels.ts';
import type { PolicyConfig } from './types.ts';

type Prog = PolicyConfig['programmes'][number];

/** What the policy tables need of the language (useI18n() on the page; the same from translate in tests). */
export type PolicyWords = Pick<I18n, 't' | 'tc' | 'p'>;

/**
 * The amount rule of a programme in words (yuan per year unless said otherwise), in the UI's language:
 * programmes and tiers by the English of their codes (aid labels), else the policy's own names.
 */
export function amountText(
  p: Prog,
  { t, tc, p: punct }: PolicyWords,
  config?: Pick<PolicyConfig, 'programmes' | 'recognition'>,
): string {
  const a = p.amount as Record<string, unknown> & { kind: string };
  const byStage = (m: unknown) =>
    Object.entries((m ?? {}) as Record<string, number>)
      .map(([s, v]) => `${tc('stage', s)} ${t('aid.policy.yuanPerYear', { n: v })}`)
      .join(punct.semicolon);
  if (a.kind === 'per_year') return byStage(a.byStage);
  if (a.kind === 'fee') return `${byStage(a.byStage)}${punct.paren(t('aid.policy.byFee'))}`;
  if (a.kind === 'per_school_day') return t('aid.policy.yuanPerDay', { n: String(a.perDay) });
  if (a.kind === 'share_of') {
    // The other programme by its name, as the table lists it.
    const code = String(a.programme);
    const name = aidLabel(
      'aidProgramme',
      code,
      config?.programmes.find((x) => x.code === code)?.name ?? code,
    );
    return t('aid.policy.shareOfAmount', { name, percent: String(a.percent) });
  }
  if (a.kind === 'by_tier')
    return Object.entries((a.byTier ?? {}) as Record<string, number>)
      .map(
        ([tier, v]) =>
          `${aidLabel('aidTier', tier, config?.recognition.tiers.find((x) => x.code === tier)?.label ?? tier)} ${t('aid.policy.yuanPerYear', { n: v })}`,
      )
      .join(punct.semicolon);
  return a.kind;
}

/** A programme's eligibility beyond its stages: boarding, counties, and the policy's own note (as written). */
export function eligibilityText(p: Prog, { t, tc, p: punct }: PolicyWords): string {
  return [
    p.eligibility.boarding !== 'any' ? tc('boardingRule', p.eligibility.boarding) : '',
    p.eligibility.counties ? t('aid.policy.countiesN', { n: p.eligibility.counties.length }) : '',
    p.note ?? '',
  ]
    .filter(Boolean)
    .join(punct.semicolon);
}

/** The active policy's content: programmes × stages × amounts, county overrides, recognition, terms. */
export function PolicyTables({ config }: { config: PolicyConfig }) {
  const words = useI18n();
  const { t, tc, p: punct } = words;
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
          {
            title: t('aid.policy.programme'),
            dataIndex: 'name',
            render: (n: string, p) => aidLabel('aidProgramme', p.code, n),
          },
          { title: t('aid.policy.level'), dataIndex: 'level', render: (l: string) => tc('policyLevel', l) },
          {
            title: t('aid.policy.stages'),
            dataIndex: 'stages',
            render: (s: string[]) => s.map((x) => tc('stage', x)).join(punct.enumeration),
          },
          {
            title: t('aid.policy.amount'),
            key: 'amount',
            render: (_: unknown, p) => amountText(p, words, config),
          },
          {
            title: t('aid.policy.eligibility'),
            key: 'elig',
            render: (_: unknown, p) => eligibilityText(p, words),
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
                    `${aidLabel('aidProgramme', prog, config.programmes.find((p) => p.code === prog)?.name ?? prog)}${punct.colon}${Object.entries(
                      m,
                    )
                      .map(([s, v]) => `${tc('stage', s)} ${t('aid.policy.yuanPerYear', { n: v })}`)
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
            children: config.recognition.tiers
              .map((x) => aidLabel('aidTier', x.code, x.label))
              .join(punct.enumeration),
          },
          { key: 'days', label: t('aid.policy.noticeDays'), children: config.recognition.noticeWorkingDays },
          {
            key: 'mid',
            label: t('aid.policy.midYear'),
            children: config.recognition.midYearReasons
              .map((x) => aidLabel('aidMidYear', x.code, x.label))
              .join(punct.enumeration),
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
          label: t(k === 'spring' ? 'aid.policy.spring' : 'aid.policy.autumn'),
          children: `${t('aid.policy.termStart')} ${config.terms[k].startsOn}${punct.comma}${t('aid.policy.schoolDays')} ${
            config.terms[k].schoolDays
          }${punct.comma}${t('aid.policy.deadline')} ${config.terms[k].paymentDeadlineDays}`,
        }))}
      />
    </Space>
  );
}
