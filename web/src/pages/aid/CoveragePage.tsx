import { ArrowLeftOutlined, DownloadOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { Button, Card, Radio, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { withQuery } from '../../api.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { type MessageKey, useI18n } from '../../i18n.ts';
import { useUser } from '../../session.tsx';
import { useFetch } from '../../useFetch.ts';
import { usePaging } from '../../usePaging.tsx';
import { TermSelect, useProgrammes, useTerm } from './EntitlementsPage.tsx';
import { aidLabel } from './labels.ts';
import {
  type ActivePolicy,
  type CoverageGap,
  type CoverageRow,
  type CoverageStudent,
  fenToYuan,
  STATUS_COLORS,
} from './types.ts';

type Level = 'county' | 'school' | 'stage';
/**
 * What a clicked figure opens: student × programme rows (by status or by student group), or one
 * row per student (在校生, 困难学生, 困难无资助, 已脱贫不享受: /api/aid/coverage/gaps).
 */
interface Drill {
  filter: Record<string, string>;
  status?: string;
  group?: 'entitled' | 'paid_all' | 'paid_some' | 'unpaid';
  gap?: GapKind;
  title: string;
}
type GapKind = 'students' | 'poor' | 'without_aid' | 'exited';
/** What each one-row-per-student list counts, shown above it. */
const GAP_HELP: Record<GapKind, MessageKey> = {
  students: 'aid.cov.help.students',
  poor: 'aid.cov.help.poor',
  without_aid: 'aid.cov.help.poorWithoutAid',
  exited: 'aid.cov.help.exited',
};

const FILTER_KEY: Record<Level, string> = { county: 'countyCode', school: 'schoolCode', stage: 'stage' };

/** A column title with what it counts, on hover (the report's legend). */
function Head({ label, help, id }: { label: MessageKey; help: MessageKey; id: string }) {
  const { t } = useI18n();
  return (
    <Tooltip title={t(help)}>
      <span data-testid={`cov-head-${id}`}>
        {t(label)} <QuestionCircleOutlined style={{ fontSize: 12, color: '#999' }} />
      </span>
    </Tooltip>
  );
}

/**
 * The students behind 在校生, 困难学生, 困难无资助 or 已脱贫不享受: one row each, with why they count as
 * poor and (the last two) why they get nothing.
 */
function CoverageGaps({ term, drill, onBack }: { term: string; drill: Drill; onBack(): void }) {
  const { t, tc } = useI18n();
  const paging = usePaging(50);
  const list = useFetch<{ items: CoverageGap[]; total: number }>('/api/aid/coverage/gaps', {
    term,
    ...drill.filter,
    kind: drill.gap,
    page: paging.page,
    pageSize: paging.pageSize,
  });
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={onBack} data-testid="cov-back">
          {t('aid.cov.back')}
        </Button>
        <Typography.Text strong>{drill.title}</Typography.Text>
        {list.data && (
          <Typography.Text type="secondary" data-testid="cov-gaps-count">
            {t('aid.cov.gapCount', { n: list.data.total })}
          </Typography.Text>
        )}
        <Typography.Text type="secondary">{t(GAP_HELP[drill.gap ?? 'without_aid'])}</Typography.Text>
      </Space>
      {list.error ? (
        <LoadError error={list.error} onRetry={list.reload} />
      ) : (
        <Table<CoverageGap>
          size="small"
          rowKey="student_id"
          loading={list.loading}
          data-testid="cov-gaps"
          dataSource={list.data?.items ?? []}
          pagination={paging.pagination(list.data?.total)}
          columns={[
            {
              title: t('aid.rec.name'),
              dataIndex: 'name',
              render: (n: string, r) => (r.person_id ? <Link to={`/persons/${r.person_id}`}>{n}</Link> : n),
            },
            { title: t('aid.rec.studentNo'), dataIndex: 'student_no' },
            { title: t('aid.rec.school'), dataIndex: 'school_name' },
            { title: t('aid.ent.stage'), dataIndex: 'stage', render: (x: string) => tc('stage', x) },
            { title: t('aid.rec.grade'), dataIndex: 'grade', render: (g: string | null) => g ?? '—' },
            {
              title: t('aid.cov.basis'),
              dataIndex: 'basis',
              render: (b: string[]) => b.map((x) => <Tag key={x}>{x}</Tag>),
            },
            ...(drill.gap === 'without_aid' || drill.gap === 'exited'
              ? [
                  {
                    title: t('aid.cov.why'),
                    dataIndex: 'reasons',
                    render: (rs: string[]) => (
                      <ul style={{ margin: 0, paddingLeft: 16 }}>
                        {rs.map((x) => (
                          <li key={x}>{x}</li>
                        ))}
                      </ul>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
    </Space>
  );
}

/** The named list behind a coverage cell, each name linking to the person's file. */
function CoverageStudents({ term, drill, onBack }: { term: string; drill: Drill; onBack(): void }) {
  const { t, tc } = useI18n();
  const progs = useProgrammes();
  const [status, setStatus] = useState<string | undefined>(drill.status);
  const paging = usePaging(50);
  const list = useFetch<{ items: CoverageStudent[]; total: number; students: number }>(
    '/api/aid/coverage/students',
    {
      term,
      ...drill.filter,
      status,
      group: drill.group,
      page: paging.page,
      pageSize: paging.pageSize,
    },
  );
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={onBack} data-testid="cov-back">
          {t('aid.cov.back')}
        </Button>
        <Typography.Text strong>{drill.title}</Typography.Text>
        {list.data && (
          <Typography.Text type="secondary" data-testid="cov-students-count">
            {t('aid.cov.listCount', { students: list.data.students, rows: list.data.total })}
          </Typography.Text>
        )}
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t('aid.cov.status')}
          value={status}
          onChange={paging.refilter(setStatus)}
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
          pagination={paging.pagination(list.data?.total)}
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
              render: (s: string, r) => (
                <>
                  <Tag color={STATUS_COLORS[s]}>{aidLabel('aidCoverage', s, r.status_label)}</Tag>
                  {r.note && (
                    <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', fontSize: 12 }}>
                      {r.note}
                    </Typography.Paragraph>
                  )}
                </>
              ),
            },
          ]}
        />
      )}
    </Space>
  );
}

/**
 * 资金监管系统导出 (xlsx / csv) with a column picker: the columns in the order chosen, by default
 * the active policy's supervisionExport.columns, sent as the export's `columns` parameter. IDs are
 * masked unless a user who may unmask picks 完整身份证号 (the upload to the provincial system
 * matches payments by it): then `unmask=true` is sent and the server logs the download.
 */
function SupervisionExport({ term }: { term: string }) {
  const { t, p } = useI18n();
  const user = useUser();
  const policy = useFetch<ActivePolicy>('/api/aid/policies/active', { year: Number(term.slice(0, 4)) });
  const meta = useFetch<{ supervisionColumns: string[] }>('/api/aid/meta');
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [fullIds, setFullIds] = useState(false);
  const defaults = policy.data?.policy.config.supervisionExport.columns ?? [];
  const columns = chosen ?? defaults;
  const known = meta.data?.supervisionColumns ?? defaults;
  const unmask = user.permissions.unmask && fullIds;
  const href = (format: 'xlsx' | 'csv') =>
    withQuery('/api/aid/supervision-export', {
      term,
      format,
      columns: columns.length ? columns.join(',') : undefined,
      unmask: unmask ? 'true' : undefined,
    });
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%', marginBottom: 12 }}>
      <Space wrap>
        <Typography.Text>{t('aid.cov.supervision')}</Typography.Text>
        <Select
          mode="multiple"
          virtual={false}
          allowClear
          // (At most the screen's width: on a phone the tags wrap inside it.)
          style={{ minWidth: 'min(480px, calc(100vw - 64px))', maxWidth: '100%' }}
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
        {user.permissions.unmask && (
          <Radio.Group
            optionType="button"
            size="small"
            value={fullIds ? 'full' : 'masked'}
            onChange={(e) => setFullIds(e.target.value === 'full')}
            options={[
              { value: 'masked', label: t('aid.cov.idsMasked') },
              { value: 'full', label: t('aid.cov.idsFull') },
            ]}
            data-testid="cov-supervision-ids"
          />
        )}
        <Button icon={<DownloadOutlined />} href={href('xlsx')} data-testid="cov-supervision">
          xlsx
        </Button>
        <Button icon={<DownloadOutlined />} href={href('csv')} data-testid="cov-supervision-csv">
          csv
        </Button>
      </Space>
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="cov-supervision-hint">
        {t('aid.cov.supervisionHint')}
        {p.semicolon}
        {t(
          !user.permissions.unmask
            ? 'aid.cov.supervisionMasked'
            : unmask
              ? 'aid.cov.supervisionFullIds'
              : 'aid.cov.supervisionMaskedChoice',
        )}
        {p.semicolon}
        {t('aid.cov.columnsHint')}
      </Typography.Text>
    </Space>
  );
}

/** /aid/coverage — 五个阶段全覆盖 per county, school or stage, drill-down, and the exports. */
export function CoveragePage() {
  const { t, tc } = useI18n();
  const user = useUser();
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
  /** A figure that opens the list behind it. */
  const cell =
    (id: string, open: Omit<Drill, 'filter' | 'title'>, what: MessageKey) => (n: number, r: CoverageRow) =>
      n > 0 ? (
        <Button
          type="link"
          size="small"
          data-testid={`cov-${id}-${r.key}`}
          onClick={() =>
            setDrill({ filter: { [FILTER_KEY[level]]: r.key }, ...open, title: `${label(r)} · ${t(what)}` })
          }
        >
          {n}
        </Button>
      ) : (
        n
      );
  const FIGURES = [
    'students',
    'poor',
    'exited',
    'entitled',
    'paid_all',
    'paid_some',
    'unpaid',
    'not_entitled',
    'poor_without_aid',
  ] as const;

  /** A column of counts, its header explained; with `open`, each count opens the list behind it. */
  const count = (
    key: (typeof FIGURES)[number],
    what: MessageKey,
    help: MessageKey,
    open?: Omit<Drill, 'filter' | 'title'>,
    testId: string = key,
  ) => ({
    title: <Head id={key} label={what} help={help} />,
    dataIndex: key,
    align: 'right' as const,
    ...(open && { render: cell(testId, open, what) }),
  });

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
      {user.permissions.exportAidFunds && <SupervisionExport term={term} />}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }} data-testid="cov-legend">
        {t('aid.cov.legend')}
      </Typography.Paragraph>
      {drill?.gap ? (
        <CoverageGaps key={JSON.stringify(drill)} term={term} drill={drill} onBack={() => setDrill(null)} />
      ) : drill ? (
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
                {FIGURES.map((k, i) => (
                  <Table.Summary.Cell key={k} index={i + 1} align="right">
                    {report.data?.totals[k]}
                  </Table.Summary.Cell>
                ))}
                <Table.Summary.Cell index={FIGURES.length + 1} align="right">
                  {fenToYuan(report.data.totals.entitled_fen)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={FIGURES.length + 2} align="right">
                  {fenToYuan(report.data.totals.paid_fen)}
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )
          }
          columns={[
            { title: t('aid.cov.name'), key: 'name', render: (_: unknown, r) => label(r) },
            count('students', 'aid.cov.students', 'aid.cov.help.students', { gap: 'students' }),
            count('poor', 'aid.cov.poor', 'aid.cov.help.poor', { gap: 'poor' }),
            count('exited', 'aid.cov.exited', 'aid.cov.help.exited', { gap: 'exited' }),
            count('entitled', 'aid.cov.entitled', 'aid.cov.help.entitled', { group: 'entitled' }, 'all'),
            count('paid_all', 'aid.cov.paidAll', 'aid.cov.help.paidAll', { group: 'paid_all' }),
            count('paid_some', 'aid.cov.paidSome', 'aid.cov.help.paidSome', { group: 'paid_some' }),
            count('unpaid', 'aid.cov.unpaid', 'aid.cov.help.unpaid', { group: 'unpaid' }),
            count('not_entitled', 'aid.cov.notEntitled', 'aid.cov.help.notEntitled', {
              status: 'not_entitled',
            }),
            count('poor_without_aid', 'aid.cov.poorWithoutAid', 'aid.cov.help.poorWithoutAid', {
              gap: 'without_aid',
            }),
            { title: t('aid.cov.entitledFen'), dataIndex: 'entitled_fen', align: 'right', render: fenToYuan },
            { title: t('aid.cov.paidFen'), dataIndex: 'paid_fen', align: 'right', render: fenToYuan },
          ]}
        />
      )}
    </Card>
  );
}
