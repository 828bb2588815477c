import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { withQuery } from '../../api.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { useI18n } from '../../i18n.ts';
import { useFetch } from '../../useFetch.ts';
import { TermSelect, useProgrammes, useTerm } from './EntitlementsPage.tsx';
import {
  type ActivePolicy,
  type CoverageRow,
  type CoverageStudent,
  fenToYuan,
  STATUS_COLORS,
} from './types.ts';

type Level = 'county' | 'school' | 'stage';
interface Drill {
  filter: Record<string, string>;
  status?: string;
  title: string;
}

const FILTER_KEY: Record<Level, string> = { county: 'countyCode', school: 'schoolCode', stage: 'stage' };

/** The named list behind a coverage cell, each name linking to the person's file. */
function CoverageStudents({ term, drill, onBack }: { term: string; drill: Drill; onBack(): void }) {
  const { t, tc } = useI18n();
  const progs = useProgrammes();
  const [status, setStatus] = useState<string | undefined>(drill.status);
  const [page, setPage] = useState(1);
  const list = useFetch<{ items: CoverageStudent[]; total: number }>('/api/aid/coverage/students', {
    term,
    ...drill.filter,
    status,
    page,
    pageSize: 50,
  });
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={onBack} data-testid="cov-back">
          {t('aid.cov.back')}
        </Button>
        <Typography.Text strong>{drill.title}</Typography.Text>
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t('aid.cov.status')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={['paid', 'partial', 'unpaid', 'overpaid', 'not_entitled'].map((s) => ({
            value: s,
            label: t(`aid.cov.st.${s}` as 'aid.cov.st.paid'),
          }))}
        />
      </Space>
      {list.error ? (
        <LoadError error={list.error} onRetry={list.reload} />
      ) : (
        <Table<CoverageStudent>
          size="small"
          rowKey={(r) => `${r.student_id}-${r.programme}`}
          loading={list.loading}
          data-testid="cov-students"
          dataSource={list.data?.items ?? []}
          pagination={{ current: page, pageSize: 50, total: list.data?.total ?? 0, onChange: setPage }}
          columns={[
            {
              title: t('aid.rec.name'),
              dataIndex: 'name',
              render: (n: string, r) => (r.person_id ? <Link to={`/persons/${r.person_id}`}>{n}</Link> : n),
            },
            { title: t('aid.rec.studentNo'), dataIndex: 'student_no' },
            { title: t('aid.rec.school'), dataIndex: 'school_name' },
            { title: t('aid.ent.stage'), dataIndex: 'stage', render: (s: string) => tc('stage', s) },
            { title: t('aid.ent.programme'), dataIndex: 'programme', render: progs.name },
            { title: t('aid.cov.entFen'), dataIndex: 'ent_fen', align: 'right', render: fenToYuan },
            { title: t('aid.cov.paidYuan'), dataIndex: 'paid_fen', align: 'right', render: fenToYuan },
            {
              title: t('aid.cov.status'),
              dataIndex: 'status',
              render: (s: string, r) => <Tag color={STATUS_COLORS[s]}>{r.status_label}</Tag>,
            },
          ]}
        />
      )}
    </Space>
  );
}

/**
 * 资金监管系统导出 (xlsx / csv) with a column picker: the columns in the order chosen, by default
 * the active policy's supervisionExport.columns, sent as the export's `columns` parameter.
 */
function SupervisionExport({ term }: { term: string }) {
  const { t } = useI18n();
  const policy = useFetch<ActivePolicy>('/api/aid/policies/active', { year: Number(term.slice(0, 4)) });
  const meta = useFetch<{ supervisionColumns: string[] }>('/api/aid/meta');
  const [chosen, setChosen] = useState<string[] | null>(null);
  const defaults = policy.data?.policy.config.supervisionExport.columns ?? [];
  const columns = chosen ?? defaults;
  const known = meta.data?.supervisionColumns ?? defaults;
  const href = (format: 'xlsx' | 'csv') =>
    withQuery('/api/aid/supervision-export', {
      term,
      format,
      columns: columns.length ? columns.join(',') : undefined,
    });
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%', marginBottom: 12 }}>
      <Space wrap>
        <Typography.Text>{t('aid.cov.supervision')}</Typography.Text>
        <Select
          mode="multiple"
          virtual={false}
          allowClear
          style={{ minWidth: 480 }}
          placeholder={t('aid.cov.columns')}
          value={columns}
          onChange={(v: string[]) => setChosen(v)}
          options={[...known, ...columns.filter((c) => !known.includes(c))].map((c) => ({
            value: c,
            label: c,
          }))}
          data-testid="cov-sup-columns"
        />
        <Button size="small" type="link" disabled={chosen === null} onClick={() => setChosen(null)}>
          {t('aid.cov.columnsReset')}
        </Button>
        <Button icon={<DownloadOutlined />} href={href('xlsx')} data-testid="cov-supervision">
          xlsx
        </Button>
        <Button icon={<DownloadOutlined />} href={href('csv')} data-testid="cov-supervision-csv">
          csv
        </Button>
      </Space>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('aid.cov.supervisionHint')}；{t('aid.cov.columnsHint')}
      </Typography.Text>
    </Space>
  );
}

/** /aid/coverage — 五个阶段全覆盖 per county, school or stage, drill-down, and the exports. */
export function CoveragePage() {
  const { t, tc } = useI18n();
  const [term, setTerm, termOptions] = useTerm();
  const [level, setLevel] = useState<Level>('county');
  const [drill, setDrill] = useState<Drill | null>(null);
  const report = useFetch<{ items: CoverageRow[]; totals: Omit<CoverageRow, 'key' | 'name'> }>(
    '/api/aid/coverage',
    {
      term,
      level,
    },
  );
  const label = (r: CoverageRow) => (level === 'stage' ? tc('stage', r.key) : r.name);
  const cell = (status: string | undefined) => (n: number, r: CoverageRow) =>
    n > 0 ? (
      <Button
        type="link"
        size="small"
        data-testid={`cov-${status ?? 'all'}-${r.key}`}
        onClick={() => setDrill({ filter: { [FILTER_KEY[level]]: r.key }, status, title: label(r) })}
      >
        {n}
      </Button>
    ) : (
      n
    );

  return (
    <Card title={t('aid.cov.title')} data-testid="aid-coverage-page">
      <Typography.Paragraph type="secondary">{t('aid.cov.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <TermSelect
          options={termOptions}
          value={term}
          onChange={(v) => {
            setTerm(v);
            setDrill(null);
          }}
        />
        <Radio.Group
          optionType="button"
          value={level}
          onChange={(e) => {
            setLevel(e.target.value);
            setDrill(null);
          }}
          options={(['county', 'school', 'stage'] as const).map((l) => ({
            value: l,
            label: t(`aid.cov.level.${l}`),
          }))}
        />
        <Button
          icon={<DownloadOutlined />}
          href={`/api/aid/coverage/export?term=${term}&format=xlsx`}
          data-testid="cov-export"
        >
          {t('aid.cov.export')}
        </Button>
      </Space>
      <SupervisionExport term={term} />
      {drill ? (
        <CoverageStudents
          key={JSON.stringify(drill)}
          term={term}
          drill={drill}
          onBack={() => setDrill(null)}
        />
      ) : report.error ? (
        <LoadError error={report.error} onRetry={report.reload} />
      ) : (
        <Table<CoverageRow>
          size="small"
          rowKey="key"
          loading={report.loading}
          data-testid="cov-table"
          dataSource={report.data?.items ?? []}
          pagination={false}
          summary={() =>
            report.data && (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>{t('aid.cov.total')}</Table.Summary.Cell>
                {(
                  [
                    'students',
                    'poor',
                    'entitled',
                    'paid',
                    'unpaid',
                    'not_entitled',
                    'poor_without_aid',
                  ] as const
                ).map((k, i) => (
                  <Table.Summary.Cell key={k} index={i + 1} align="right">
                    {report.data?.totals[k]}
                  </Table.Summary.Cell>
                ))}
                <Table.Summary.Cell index={8} align="right">
                  {fenToYuan(report.data.totals.entitled_fen)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={9} align="right">
                  {fenToYuan(report.data.totals.paid_fen)}
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )
          }
          columns={[
            { title: t('aid.cov.name'), key: 'name', render: (_: unknown, r) => label(r) },
            { title: t('aid.cov.students'), dataIndex: 'students', align: 'right' },
            { title: t('aid.cov.poor'), dataIndex: 'poor', align: 'right' },
            { title: t('aid.cov.entitled'), dataIndex: 'entitled', align: 'right', render: cell(undefined) },
            { title: t('aid.cov.paid'), dataIndex: 'paid', align: 'right', render: cell('paid') },
            { title: t('aid.cov.unpaid'), dataIndex: 'unpaid', align: 'right', render: cell('unpaid') },
            {
              title: t('aid.cov.notEntitled'),
              dataIndex: 'not_entitled',
              align: 'right',
              render: cell('not_entitled'),
            },
            { title: t('aid.cov.poorWithoutAid'), dataIndex: 'poor_without_aid', align: 'right' },
            { title: t('aid.cov.entitledFen'), dataIndex: 'entitled_fen', align: 'right', render: fenToYuan },
            { title: t('aid.cov.paidFen'), dataIndex: 'paid_fen', align: 'right', render: fenToYuan },
          ]}
        />
      )}
    </Card>
  );
}
