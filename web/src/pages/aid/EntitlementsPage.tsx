import { PlayCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api.ts';
import { JobProgress } from '../../components/JobProgress.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { useI18n } from '../../i18n.ts';
import { useUser } from '../../session.tsx';
import { useFetch } from '../../useFetch.ts';
import { NameSearch, usePaging } from '../../usePaging.tsx';
import { useAction } from './common.tsx';
import { aidLabel, termLabel } from './labels.ts';
import { RunChanges } from './RunChanges.tsx';
import { type ActivePolicy, type EntitlementLine, type EntitlementRun, fenToYuan, TERMS } from './types.ts';

const RUNNERS = ['city_admin', 'city_aid_centre', 'county_admin', 'county_aid_centre'];

export { termLabel };

/** A term the aid pages offer (GET /api/aid/terms). */
export interface TermOption {
  code: string;
  label: string;
  hasPolicy: boolean;
}

/**
 * The term an aid page shows and the terms to choose from: from 2020 to the server's today, and
 * later years with a policy. It starts on today's term when that has a policy, else on the newest
 * term that has one.
 */
export function useTerm(): [string, (v: string) => void, TermOption[]] {
  const terms = useFetch<{ items: TermOption[]; current: string }>('/api/aid/terms');
  const [chosen, setChosen] = useState<string | null>(null);
  const items = terms.data?.items ?? [];
  const start =
    items.find((x) => x.code === terms.data?.current && x.hasPolicy)?.code ??
    items.find((x) => x.hasPolicy)?.code ??
    '2020-autumn';
  return [chosen ?? start, setChosen, items];
}

/** Term picker shared by the aid pages; a term of a year without a policy says so. */
export function TermSelect({
  value,
  onChange,
  options,
}: {
  value: string;
  onChange(v: string): void;
  options?: TermOption[];
}) {
  const { t, p } = useI18n();
  const list = options?.length
    ? options
    : TERMS.map((code) => ({ code, label: termLabel(code), hasPolicy: true }));
  return (
    <Select
      style={{ width: 280 }}
      value={value}
      onChange={onChange}
      data-testid="term-select"
      options={list.map((x) => ({
        value: x.code,
        label: x.hasPolicy ? termLabel(x.code) : `${termLabel(x.code)}${p.paren(t('aid.term.noPolicy'))}`,
      }))}
    />
  );
}

/** Programme names of the active policy (code → 名称). */
export function useProgrammes() {
  const active = useFetch<ActivePolicy>('/api/aid/policies/active', { year: 2020 });
  const list = active.data?.programmes ?? [];
  return {
    list: list.map((p) => ({ ...p, name: aidLabel('aidProgramme', p.code, p.name) })),
    name: (c: string) => aidLabel('aidProgramme', c, list.find((p) => p.code === c)?.name ?? c),
  };
}

/** /aid/entitlements — run the entitlement job for a term, its runs with diff stats, and the lines. */
export function EntitlementsPage() {
  const { t, tc } = useI18n();
  const user = useUser();
  const [term, setTerm, termOptions] = useTerm();
  const [programme, setProgramme] = useState<string | undefined>();
  const [q, setQ] = useState<string | undefined>();
  const paging = usePaging(50);
  const [jobId, setJobId] = useState<string | null>(null);
  const progs = useProgrammes();
  const runs = useFetch<{ items: EntitlementRun[]; comparison?: { importsSinceRun: number } }>(
    '/api/aid/entitlements/runs',
    { term },
  );
  const stale = runs.data?.comparison?.importsSinceRun ?? 0;
  // A term with approved or paid lists may be computed again, after a warning (how many lists, pupils).
  const locked = useFetch<{ lists: number; pupils: number; warning: string | null }>(
    '/api/aid/entitlements/locked-lists',
    { term },
  );
  const rerunWarning = locked.data?.warning ?? null;
  const lines = useFetch<{ items: EntitlementLine[]; total: number }>('/api/aid/entitlements', {
    term,
    programme,
    q,
    page: paging.page,
    pageSize: paging.pageSize,
  });
  const { run, busy } = useAction();
  if (lines.error) return <LoadError error={lines.error} onRetry={lines.reload} />;

  async function start() {
    const r = await run(() => api<{ jobId: string }>('/api/aid/entitlements/run', { body: { term } }));
    if (r) setJobId(r.jobId);
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="aid-entitlements-page">
      <Card title={t('aid.ent.title')}>
        <Typography.Paragraph type="secondary">{t('aid.ent.intro')}</Typography.Paragraph>
        {stale > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="ent-comparison-stale"
            title={t('aid.ent.comparisonStale', { n: stale })}
          />
        )}
        <Space wrap style={{ marginBottom: 12 }}>
          <span>{t('aid.ent.term')}</span>
          <TermSelect options={termOptions} value={term} onChange={paging.refilter(setTerm)} />
          {RUNNERS.includes(user.role) && (
            <Popconfirm
              title={t('aid.ent.rerunConfirm')}
              description={
                <div style={{ maxWidth: 420 }} data-testid="ent-rerun-warning">
                  {rerunWarning}
                </div>
              }
              okText={t('aid.ent.run')}
              disabled={!rerunWarning}
              onConfirm={() => void start()}
            >
              <Button
                type="primary"
                icon={<PlayCircleOutlined />}
                loading={busy}
                onClick={rerunWarning ? undefined : () => void start()}
                data-testid="ent-run"
              >
                {t('aid.ent.run')}
              </Button>
            </Popconfirm>
          )}
        </Space>
        {jobId && (
          <JobProgress
            key={jobId}
            jobId={jobId}
            onDone={() => {
              runs.reload();
              lines.reload();
              locked.reload();
            }}
          />
        )}
        <Typography.Title level={5}>{t('aid.ent.runs')}</Typography.Title>
        <Table<EntitlementRun>
          size="small"
          rowKey="id"
          pagination={false}
          data-testid="ent-runs"
          dataSource={(runs.data?.items ?? []).slice(0, 10)}
          columns={[
            { title: '#', dataIndex: 'id' },
            {
              title: t('aid.ent.term'),
              dataIndex: 'term',
              render: (term: string, r) => (
                <Space size={4}>
                  {termLabel(term)}
                  {r.scoped && <Tag data-testid="ent-run-scoped">{t('aid.ent.scopedRun')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('aid.ent.runAt'),
              dataIndex: 'created_at',
              render: (d: string) => d.slice(0, 19).replace('T', ' '),
            },
            { title: t('aid.ent.lineCount'), key: 'lines', render: (_: unknown, r) => r.stats.lines ?? '—' },
            {
              title: t('aid.ent.total'),
              key: 'total',
              render: (_: unknown, r) => fenToYuan(r.stats.totalFen),
            },
            {
              title: `${t('aid.ent.added')} / ${t('aid.ent.removed')} / ${t('aid.ent.changed')}`,
              key: 'diff',
              render: (_: unknown, r) => (
                <Space size={4} wrap>
                  <RunChanges run={r} />
                </Space>
              ),
            },
            {
              title: t('aid.ent.duration'),
              dataIndex: 'duration_ms',
              render: (ms: number | null) => (ms === null ? '—' : `${ms} ms`),
            },
          ]}
        />
      </Card>
      <Card title={t('aid.ent.lines')}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            allowClear
            style={{ width: 220 }}
            placeholder={t('aid.ent.programme')}
            value={programme}
            onChange={paging.refilter(setProgramme)}
            options={progs.list.map((p) => ({ value: p.code, label: p.name }))}
          />
          <NameSearch placeholder={t('aid.rec.search')} width={220} onSearch={paging.refilter(setQ)} />
        </Space>
        <Table<EntitlementLine>
          size="small"
          rowKey="id"
          loading={lines.loading}
          data-testid="ent-lines"
          dataSource={lines.data?.items ?? []}
          pagination={paging.pagination(lines.data?.total)}
          columns={[
            {
              title: t('aid.rec.name'),
              dataIndex: 'name',
              render: (n: string, r) => (r.person_id ? <Link to={`/persons/${r.person_id}`}>{n}</Link> : n),
            },
            { title: t('aid.rec.school'), dataIndex: 'school_name' },
            { title: t('aid.ent.stage'), dataIndex: 'stage', render: (s: string) => tc('stage', s) },
            { title: t('aid.ent.programme'), dataIndex: 'programme', render: progs.name },
            { title: t('aid.ent.amount'), dataIndex: 'amount_fen', align: 'right', render: fenToYuan },
            { title: t('aid.ent.rule'), dataIndex: 'rule' },
          ]}
        />
      </Card>
    </Space>
  );
}
