import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Collapse,
  Empty,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { Component, type ReactNode, useState } from 'react';
import type { RegionChild } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { useFetch } from '../../useFetch.ts';
import { aidLabel } from './labels.ts';
import type { PolicyConfig } from './types.ts';

/**
 * The form view of a policy config: the figures the bureau changes year to year (programme
 * switches, names and amounts, county overrides, terms, notice days, school aid fund ratios,
 * the per-term limit and the supervision export layout). Every edit hands a new whole config
 * to `onChange`; whatever the form does not show is carried over untouched. The shape is not
 * trusted (the JSON tab may hold anything that parses): reads are guarded, and an error
 * boundary stands behind them.
 */

type Prog = PolicyConfig['programmes'][number];
type StageMap = Record<string, number>;
type Override = PolicyConfig['countyOverrides'][string];

const HALVES = ['spring', 'autumn'] as const;
const FUND_STAGES = ['senior', 'vocational'] as const;

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const asMap = (v: unknown): StageMap => (isObj(v) ? (v as StageMap) : {});
const numOrNull = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** A label and its control on one line. */
function Field({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <Space size={8} align="center">
      <Typography.Text type="secondary">{label}</Typography.Text>
      {children}
    </Space>
  );
}

/** One yuan figure per key (stage or tier); an emptied field removes its key. */
function AmountMap({
  keys,
  value,
  label,
  unit,
  testId,
  onChange,
}: {
  keys: string[];
  value: StageMap;
  label(key: string): string;
  unit: string;
  testId: string;
  onChange(next: StageMap): void;
}) {
  const all = [...keys, ...Object.keys(value).filter((k) => !keys.includes(k))];
  return (
    <Space wrap size={[8, 4]}>
      {all.map((k) => (
        <InputNumber<number>
          key={k}
          min={0}
          max={1_000_000}
          style={{ width: 210 }}
          prefix={label(k)}
          suffix={unit}
          value={numOrNull(value[k])}
          data-testid={`${testId}-${k}`}
          onChange={(v) => {
            const next = { ...value };
            if (typeof v === 'number') next[k] = v;
            else delete next[k];
            onChange(next);
          }}
        />
      ))}
    </Space>
  );
}

class FormBoundary extends Component<
  { config: unknown; fallback: ReactNode; children: ReactNode },
  { error: boolean; config: unknown }
> {
  override state = { error: false, config: undefined as unknown };
  static getDerivedStateFromProps(props: { config: unknown }, state: { config: unknown }) {
    return props.config !== state.config ? { error: false, config: props.config } : null;
  }
  static getDerivedStateFromError() {
    return { error: true };
  }
  override render() {
    return this.state.error ? this.props.fallback : this.props.children;
  }
}

export function PolicyForm(props: { config: PolicyConfig; onChange(next: PolicyConfig): void }) {
  const { t } = useI18n();
  return (
    <FormBoundary
      config={props.config}
      fallback={<Alert type="warning" showIcon title={t('aid.policy.formBroken')} />}
    >
      <PolicyFormInner {...props} />
    </FormBoundary>
  );
}

function PolicyFormInner({ config, onChange }: { config: PolicyConfig; onChange(next: PolicyConfig): void }) {
  const { t, tc, p: punct } = useI18n();
  const meta = useFetch<{ supervisionColumns: string[] }>('/api/aid/meta');
  const root = useFetch<{ children?: RegionChild[] }>('/api/regions');
  const [addCounty, setAddCounty] = useState<string | undefined>();

  /** Applies an edit to a copy of the config and hands the copy on. */
  const set = (edit: (c: PolicyConfig) => void) => {
    const next = structuredClone(config);
    edit(next);
    onChange(next);
  };

  const programmes: Prog[] = Array.isArray(config.programmes) ? config.programmes.filter(isObj) : [];
  const progName = (code: string) =>
    aidLabel('aidProgramme', code, programmes.find((p) => p.code === code)?.name ?? code);
  const tiers = Array.isArray(config.recognition?.tiers) ? config.recognition.tiers.filter(isObj) : [];
  const tierLabel = (code: string) =>
    aidLabel('aidTier', code, tiers.find((x) => x.code === code)?.label ?? code);
  const stageLabel = (s: string) => tc('stage', s);
  const stagesOf = (p: Prog | undefined) => (Array.isArray(p?.stages) ? p.stages : []);
  const overrides = isObj(config.countyOverrides)
    ? Object.entries(config.countyOverrides).filter((e): e is [string, Override] => isObj(e[1]))
    : [];
  const counties = (root.data?.children ?? []).filter((c) => /^3504\d{2}$/.test(c.code));

  function amountEditor(p: Prog, i: number) {
    const a: Prog['amount'] = isObj(p.amount) ? p.amount : { kind: '' };
    const setAmount = (patch: Record<string, unknown>) =>
      set((c) => {
        const prog = c.programmes[i];
        if (prog) prog.amount = { ...prog.amount, ...patch };
      });
    // Yearly amounts by stage: the whole standard of per_year, the default fee of fee.
    const byStage = (
      <AmountMap
        keys={stagesOf(p)}
        value={asMap(a.byStage)}
        label={stageLabel}
        unit={t('aid.policy.unitYear')}
        testId={`pf-amount-${p.code}`}
        onChange={(v) => setAmount({ byStage: v })}
      />
    );
    switch (a.kind) {
      case 'per_year':
        return byStage;
      case 'fee': {
        const schools = Object.keys(asMap(a.bySchool)).length;
        return (
          <Space orientation="vertical" size={4}>
            {byStage}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('aid.policy.feeHint')}
              {schools > 0 && `${punct.semicolon}${t('aid.policy.bySchool', { n: schools })}`}
            </Typography.Text>
          </Space>
        );
      }
      case 'per_school_day':
        return (
          <InputNumber<number>
            min={0}
            max={1000}
            style={{ width: 210 }}
            suffix={t('aid.policy.unitDay')}
            value={numOrNull(a.perDay)}
            data-testid={`pf-perday-${p.code}`}
            onChange={(v) => setAmount({ perDay: v ?? 0 })}
          />
        );
      case 'by_tier':
        return (
          <Space orientation="vertical" size={4}>
            <AmountMap
              keys={tiers.map((x) => x.code)}
              value={asMap(a.byTier)}
              label={tierLabel}
              unit={t('aid.policy.unitYear')}
              testId={`pf-tier-${p.code}`}
              onChange={(byTier) => setAmount({ byTier })}
            />
            <Field label={t('aid.policy.groupTier')}>
              <Select
                size="small"
                style={{ width: 140 }}
                value={typeof a.groupTier === 'string' ? a.groupTier : undefined}
                options={tiers.map((x) => ({ value: x.code, label: aidLabel('aidTier', x.code, x.label) }))}
                onChange={(groupTier) => setAmount({ groupTier })}
              />
            </Field>
          </Space>
        );
      case 'share_of':
        return (
          <Field label={t('aid.policy.shareOf', { name: progName(String(a.programme)) })}>
            <InputNumber<number>
              min={1}
              max={100}
              precision={0}
              style={{ width: 110 }}
              suffix="%"
              value={numOrNull(a.percent)}
              data-testid={`pf-percent-${p.code}`}
              onChange={(v) => setAmount({ percent: v ?? 0 })}
            />
          </Field>
        );
      default:
        return <Typography.Text type="secondary">{t('aid.policy.otherKind')}</Typography.Text>;
    }
  }

  const programmesPanel = (
    <Table<Prog>
      size="small"
      rowKey="code"
      pagination={false}
      data-testid="pf-programmes"
      dataSource={programmes}
      columns={[
        {
          title: t('aid.policy.enabled'),
          dataIndex: 'enabled',
          width: 70,
          render: (e: boolean, _p, i) => (
            <Switch
              checked={!!e}
              data-testid={`pf-enabled-${_p.code}`}
              onChange={(v) =>
                set((c) => {
                  const prog = c.programmes[i];
                  if (prog) prog.enabled = v;
                })
              }
            />
          ),
        },
        {
          title: t('aid.policy.programmeName'),
          dataIndex: 'name',
          width: 220,
          render: (n: string, p, i) => (
            <Input
              value={typeof n === 'string' ? n : ''}
              maxLength={50}
              data-testid={`pf-name-${p.code}`}
              onChange={(e) =>
                set((c) => {
                  const prog = c.programmes[i];
                  if (prog) prog.name = e.target.value;
                })
              }
            />
          ),
        },
        {
          title: t('aid.policy.stages'),
          key: 'stages',
          width: 110,
          render: (_: unknown, p) => stagesOf(p).map(stageLabel).join(punct.enumeration),
        },
        { title: t('aid.policy.amount'), key: 'amount', render: (_: unknown, p, i) => amountEditor(p, i) },
      ]}
    />
  );

  const setOverride = (code: string, edit: (o: Override) => void) =>
    set((c) => {
      const o = c.countyOverrides[code];
      if (o) edit(o);
    });

  const overridesPanel = (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="pf-overrides">
      <Typography.Text type="secondary">{t('aid.policy.overrideHint')}</Typography.Text>
      {overrides.length === 0 && <Empty description={t('aid.policy.noOverrides')} />}
      {overrides.map(([code, o]) => {
        const amounts = isObj(o.amounts) ? o.amounts : {};
        const rows = Object.keys(amounts);
        const addable = programmes.filter((p) => !rows.includes(p.code));
        return (
          <Card
            key={code}
            size="small"
            data-testid={`pf-override-${code}`}
            title={
              <Space>
                {o.name}
                <Typography.Text type="secondary">{code}</Typography.Text>
                {o.toConfirm && <Tag color="orange">{t('aid.policy.toConfirm')}</Tag>}
              </Space>
            }
            extra={
              <Space>
                <Field label={t('aid.policy.toConfirm')}>
                  <Switch
                    size="small"
                    checked={!!o.toConfirm}
                    onChange={(v) =>
                      setOverride(code, (x) => {
                        if (v) x.toConfirm = true;
                        else delete x.toConfirm;
                      })
                    }
                  />
                </Field>
                <Button
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  onClick={() =>
                    set((c) => {
                      delete c.countyOverrides[code];
                    })
                  }
                >
                  {t('aid.policy.remove')}
                </Button>
              </Space>
            }
          >
            <Space orientation="vertical" size={8} style={{ width: '100%' }}>
              {rows.map((prog) => (
                <Space key={prog} align="start" wrap>
                  <Typography.Text style={{ display: 'inline-block', width: 180 }}>
                    {progName(prog)}
                  </Typography.Text>
                  <AmountMap
                    keys={stagesOf(programmes.find((p) => p.code === prog))}
                    value={asMap(amounts[prog])}
                    label={stageLabel}
                    unit={t('aid.policy.unitYear')}
                    testId={`pf-override-${code}-${prog}`}
                    onChange={(m) =>
                      setOverride(code, (x) => {
                        x.amounts[prog] = m;
                      })
                    }
                  />
                  <Button
                    size="small"
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('aid.policy.remove')}
                    onClick={() =>
                      setOverride(code, (x) => {
                        delete x.amounts[prog];
                      })
                    }
                  />
                </Space>
              ))}
              <Space wrap>
                <Select
                  size="small"
                  style={{ width: 240 }}
                  placeholder={t('aid.policy.addProgramme')}
                  value={null}
                  disabled={addable.length === 0}
                  options={addable.map((p) => ({
                    value: p.code,
                    label: aidLabel('aidProgramme', p.code, p.name),
                  }))}
                  onChange={(prog: string) =>
                    setOverride(code, (x) => {
                      if (!isObj(x.amounts)) x.amounts = {};
                      x.amounts[prog] = {};
                    })
                  }
                />
                <Input
                  size="small"
                  style={{ width: 420 }}
                  placeholder={t('aid.policy.note')}
                  maxLength={500}
                  value={o.note ?? ''}
                  onChange={(e) =>
                    setOverride(code, (x) => {
                      if (e.target.value) x.note = e.target.value;
                      else delete x.note;
                    })
                  }
                />
              </Space>
            </Space>
          </Card>
        );
      })}
      <Space>
        <Select
          style={{ width: 200 }}
          placeholder={t('aid.policy.county')}
          value={addCounty}
          onChange={setAddCounty}
          options={counties
            .filter((c) => !overrides.some(([code]) => code === c.code))
            .map((c) => ({ value: c.code, label: c.name }))}
        />
        <Button
          icon={<PlusOutlined />}
          disabled={!addCounty}
          onClick={() => {
            const county = counties.find((c) => c.code === addCounty);
            if (!county) return;
            set((c) => {
              if (!isObj(c.countyOverrides)) c.countyOverrides = {};
              c.countyOverrides[county.code] = { name: county.name, amounts: {} };
            });
            setAddCounty(undefined);
          }}
        >
          {t('aid.policy.addCounty')}
        </Button>
      </Space>
    </Space>
  );

  const termsPanel = (
    <Table
      size="small"
      rowKey="half"
      pagination={false}
      data-testid="pf-terms"
      dataSource={HALVES.filter((h) => isObj(config.terms?.[h])).map((half) => ({
        half,
        ...config.terms[half],
      }))}
      columns={[
        {
          title: t('aid.policy.termName'),
          dataIndex: 'half',
          render: (h: (typeof HALVES)[number]) => t(`aid.policy.${h}`),
        },
        {
          title: t('aid.policy.termStart'),
          dataIndex: 'startsOn',
          render: (v: string, r) => (
            <Input
              style={{ width: 100 }}
              placeholder={t('aid.policy.startsOnHint')}
              value={v}
              data-testid={`pf-term-${r.half}-startsOn`}
              onChange={(e) =>
                set((c) => {
                  c.terms[r.half].startsOn = e.target.value.trim();
                })
              }
            />
          ),
        },
        ...(['schoolDays', 'paymentDeadlineDays'] as const).map((k) => ({
          title: k === 'schoolDays' ? t('aid.policy.schoolDays') : t('aid.policy.deadline'),
          dataIndex: k,
          render: (v: number, r: { half: (typeof HALVES)[number] }) => (
            <InputNumber<number>
              min={1}
              max={k === 'schoolDays' ? 183 : 365}
              precision={0}
              value={numOrNull(v)}
              data-testid={`pf-term-${r.half}-${k}`}
              onChange={(n) =>
                set((c) => {
                  c.terms[r.half][k] = n ?? 0;
                })
              }
            />
          ),
        })),
      ]}
    />
  );

  const fund = isObj(config.schoolAidFund) ? config.schoolAidFund : {};
  const limitsPanel = (
    <Space orientation="vertical" size={12}>
      {isObj(config.recognition) && (
        <Field label={t('aid.policy.noticeDays')}>
          <InputNumber<number>
            min={1}
            max={30}
            precision={0}
            value={numOrNull(config.recognition.noticeWorkingDays)}
            data-testid="pf-notice-days"
            onChange={(v) =>
              set((c) => {
                c.recognition.noticeWorkingDays = v ?? 0;
              })
            }
          />
        </Field>
      )}
      {FUND_STAGES.filter((s) => isObj(fund[s])).map((s) => (
        <Field key={s} label={`${t('aid.policy.fund')}${punct.paren(stageLabel(s))}`}>
          {(['minPercent', 'maxPercent'] as const).map((k) => (
            <InputNumber<number>
              key={k}
              min={0}
              max={100}
              style={{ width: 130 }}
              prefix={k === 'minPercent' ? t('aid.policy.minPercent') : t('aid.policy.maxPercent')}
              suffix="%"
              value={numOrNull(fund[s]?.[k])}
              data-testid={`pf-fund-${s}-${k}`}
              onChange={(v) =>
                set((c) => {
                  c.schoolAidFund[s]![k] = v ?? 0;
                })
              }
            />
          ))}
        </Field>
      ))}
      <Field label={t('aid.policy.maxPerTerm')}>
        <InputNumber<number>
          min={1}
          max={100000}
          style={{ width: 160 }}
          suffix={t('aid.policy.unitYuan')}
          value={numOrNull(config.maxAmountPerTerm)}
          data-testid="pf-max-per-term"
          onChange={(v) =>
            set((c) => {
              c.maxAmountPerTerm = v ?? 0;
            })
          }
        />
      </Field>
    </Space>
  );

  const exp = isObj(config.supervisionExport) ? config.supervisionExport : undefined;
  const columns = Array.isArray(exp?.columns) ? exp.columns : [];
  const known = meta.data?.supervisionColumns ?? [];
  const exportPanel = exp && (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space orientation="vertical" size={2}>
        <Field label={t('aid.policy.department')}>
          <Input
            style={{ width: 240 }}
            maxLength={40}
            value={typeof exp.department === 'string' ? exp.department : ''}
            data-testid="pf-department"
            onChange={(e) =>
              set((c) => {
                c.supervisionExport.department = e.target.value;
              })
            }
          />
        </Field>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('aid.policy.departmentHint')}
        </Typography.Text>
      </Space>
      <Field label={t('aid.policy.columns')}>
        <Select
          mode="multiple"
          virtual={false}
          style={{ minWidth: 560 }}
          value={columns}
          data-testid="pf-columns"
          options={[...known, ...columns.filter((c) => !known.includes(c))].map((c) => ({
            value: c,
            label: c,
          }))}
          onChange={(v: string[]) =>
            set((c) => {
              c.supervisionExport.columns = v;
            })
          }
        />
      </Field>
    </Space>
  );

  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="policy-form">
      <Typography.Text type="secondary">{t('aid.policy.formIntro')}</Typography.Text>
      <Collapse
        defaultActiveKey={['programmes', 'overrides']}
        items={[
          { key: 'programmes', label: t('aid.policy.programmes'), children: programmesPanel },
          { key: 'overrides', label: t('aid.policy.overrides'), children: overridesPanel },
          { key: 'terms', label: t('aid.policy.terms'), children: termsPanel },
          { key: 'limits', label: t('aid.policy.fundAndLimits'), children: limitsPanel },
          ...(exportPanel ? [{ key: 'export', label: t('aid.policy.export'), children: exportPanel }] : []),
        ]}
      />
    </Space>
  );
}
