import { AuditOutlined, DownloadOutlined, LinkOutlined } from '@ant-design/icons';
import { Button, Space, Table, type TableProps, Tag, Tooltip, Typography } from 'antd';
import { useEffect } from 'react';
import { Link } from 'react-router-dom';
import { type Paged, withQuery } from '../../api.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { RowText } from '../../components/RowText.tsx';
import { type Lang, useI18n } from '../../i18n.ts';
import { useFetch } from '../../useFetch.ts';
import { NameSearch, useUrlPaging } from '../../usePaging.tsx';
import { matchReason } from './match-reasons.ts';
import type { ComparisonList, MatchResult, ResultRow, StudentResultRow, UnenrolledRow } from './types.ts';

const RESULT_COLORS: Record<MatchResult, string> = {
  confirmed: 'success',
  review: 'warning',
  unmatched: 'default',
};

/**
 * The comparison's 核实提示 beside an out-of-school child (疑似在外县就读: a namesake born the same
 * day at another county's school), shortened in the cell and whole in its tooltip; — when none.
 */
export function HintCell({ hint }: { hint: string | null | undefined }) {
  if (!hint) return <>—</>;
  return (
    <Tooltip title={hint} placement="topLeft">
      <Typography.Text type="warning" data-testid="oos-check-hint">
        {hint}
      </Typography.Text>
    </Tooltip>
  );
}

/**
 * A child on an out-of-school list who is a candidate of an undecided 疑似匹配 row; `elsewhere`: only
 * of rows outside the viewer's scope (another county's pupil: theirs to settle, not the viewer's).
 */
export function InReviewTag({ elsewhere = false }: { elsewhere?: boolean }) {
  const { t } = useI18n();
  return (
    <Tooltip title={t(elsewhere ? 'cmp.inReviewElsewhereHint' : 'cmp.inReviewHint')}>
      <Tag color="warning" data-testid="in-review">
        {t(elsewhere ? 'cmp.inReviewElsewhere' : 'cmp.inReview')}
      </Tag>
    </Tooltip>
  );
}

function nameCell(name: string, personId: number | null) {
  return personId ? (
    <Link to={`/persons/${personId}`} data-testid="person-link">
      {name}
    </Link>
  ) : (
    name
  );
}

/** 匹配依据 in the UI's language (match-reasons.ts). */
function reasonCell(v: string | null, lang: Lang) {
  const text = v === null ? null : matchReason(v, lang);
  return (
    <Tooltip title={text} placement="topLeft">
      {text ?? '—'}
    </Tooltip>
  );
}

function useColumns(
  list: ComparisonList,
  onReview: (row: StudentResultRow) => void,
  onLink: ((row: StudentResultRow) => void) | undefined,
): TableProps<ResultRow>['columns'] {
  const { t, tc, lang } = useI18n();
  if (list === 'unenrolled') {
    const cols: TableProps<UnenrolledRow>['columns'] = [
      {
        title: t('cmp.col.name'),
        dataIndex: 'name',
        render: (n: string, r) => (
          <>
            {nameCell(n, r.person_id)} {r.in_review && <InReviewTag elsewhere={r.in_review_elsewhere} />}
          </>
        ),
      },
      { title: t('cmp.col.id'), dataIndex: 'id_masked', render: (v: string | null) => v ?? '—' },
      { title: t('cmp.col.birthDate'), dataIndex: 'birth_date', render: (v: string | null) => v ?? '—' },
      { title: t('cmp.col.age'), dataIndex: 'age', width: 70 },
      { title: t('cmp.col.personNo'), dataIndex: 'person_no' },
      { title: t('cmp.col.householdNo'), dataIndex: 'household_no' },
      {
        title: t('cmp.col.place'),
        key: 'place',
        render: (_, r) => [r.county_name, r.township_name, r.village_name].filter(Boolean).join(' / '),
      },
      {
        title: t('cmp.col.hint'),
        dataIndex: 'hint',
        width: 320,
        ellipsis: { showTitle: false },
        render: (v: string | null) => <HintCell hint={v} />,
      },
    ];
    return cols as TableProps<ResultRow>['columns'];
  }
  const cols: TableProps<StudentResultRow>['columns'] = [
    { title: t('cmp.col.name'), dataIndex: 'name', render: (n: string, r) => nameCell(n, r.person_id) },
    { title: t('cmp.col.studentNo'), dataIndex: 'student_no' },
    { title: t('cmp.col.id'), dataIndex: 'id_masked', render: (v: string | null) => v ?? '—' },
    // (The masked IDs of two pupils may read alike: the birth date tells them apart — tester t28f F4.)
    { title: t('cmp.col.birthDate'), dataIndex: 'birth_date', render: (v: string | null) => v ?? '—' },
    { title: t('cmp.col.school'), dataIndex: 'school_name' },
    {
      title: t('cmp.col.stage'),
      key: 'stage',
      render: (_, r) => [tc('stage', r.stage), r.grade].filter(Boolean).join(' '),
    },
    {
      title: t('cmp.col.result'),
      dataIndex: 'result',
      render: (v: MatchResult) => <Tag color={RESULT_COLORS[v]}>{tc('matchResult', v)}</Tag>,
    },
  ];
  if (list === 'id_problems')
    cols.push({
      title: t('cmp.col.idProblem'),
      dataIndex: 'id_problem',
      render: (v: string | null) => (v === null ? '—' : <RowText text={v} />),
    });
  if (list !== 'unmatched' && list !== 'id_problems') {
    cols.push(
      { title: t('cmp.col.personNo'), dataIndex: 'person_no', render: (v: string | null) => v ?? '—' },
      { title: t('cmp.col.score'), dataIndex: 'score', width: 70, render: (v: number | null) => v ?? '—' },
    );
  }
  cols.push({
    title: t('cmp.col.explanation'),
    dataIndex: 'explanation',
    ellipsis: { showTitle: false },
    render: (v: string | null) => reasonCell(v, lang),
  });
  if (list === 'review' || list === 'linked')
    cols.push({
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      // (In view on a phone, not 1,700 px to the right — tester t28f F9.)
      fixed: 'right',
      render: (_, r) => (
        <Button
          size="small"
          type="primary"
          ghost
          icon={<AuditOutlined />}
          aria-label={`${t('cmp.review')} ${r.name}`}
          data-testid={`cmp-review-${list}`}
          onClick={(e) => {
            e.stopPropagation();
            onReview(r);
          }}
        >
          {t('cmp.review')}
        </Button>
      ),
    });
  // A pupil without a registry person: linked by hand (a rejected candidate lands here too).
  if (onLink && (list === 'unmatched' || list === 'suspect'))
    cols.push({
      title: t('common.actions'),
      key: 'actions',
      width: 110,
      fixed: 'right',
      render: (_, r) =>
        r.result === 'unmatched' ? (
          <Button
            size="small"
            icon={<LinkOutlined />}
            aria-label={`${t('cmp.link')} ${r.name}`}
            data-testid="cmp-link"
            onClick={() => onLink(r)}
          >
            {t('cmp.link')}
          </Button>
        ) : null,
    });
  return cols as TableProps<ResultRow>['columns'];
}

export interface ResultListProps {
  list: ComparisonList;
  /** Bumped by the page after a run or a decision: the list loads again. */
  version: number;
  onReview(row: StudentResultRow): void;
  /** Without it (no right to write) no row can be linked by hand. */
  onLink?: (row: StudentResultRow) => void;
}

/** One comparison list: search, server-side paging, export of the whole list as Excel. */
export function ResultList({ list, version, onReview, onLink }: ResultListProps) {
  const { t } = useI18n();
  const paging = useUrlPaging(20, { sizeChanger: true });
  const { q } = paging;
  const result = useFetch<Paged<ResultRow>>('/api/comparison/results', {
    list,
    q,
    page: paging.page,
    pageSize: paging.pageSize,
  });
  const { reload } = result;
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);

  const columns = useColumns(list, onReview, onLink);
  const rowKey = (r: ResultRow) => ('student_id' in r ? `s${r.student_id}` : `p${r.registry_person_id}`);

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <NameSearch
          width={280}
          placeholder={t(list === 'unenrolled' ? 'cmp.searchRegistryPlaceholder' : 'cmp.searchPlaceholder')}
          value={q}
          onSearch={paging.search}
          testId={`cmp-search-${list}`}
        />
        <Button
          icon={<DownloadOutlined />}
          href={withQuery('/api/comparison/export', { list, format: 'xlsx' })}
          data-testid={`cmp-export-${list}`}
        >
          {t('cmp.export')}
        </Button>
      </Space>
      {result.error ? (
        <LoadError error={result.error} onRetry={reload} />
      ) : (
        <Table<ResultRow>
          size="middle"
          data-testid={`cmp-table-${list}`}
          rowKey={rowKey}
          columns={columns}
          dataSource={result.data?.items ?? []}
          loading={result.loading}
          scroll={{ x: 'max-content' }}
          onRow={(r) =>
            list === 'review' && 'student_id' in r
              ? { onClick: () => onReview(r), style: { cursor: 'pointer' } }
              : {}
          }
          pagination={paging.pagination(result.data?.total)}
        />
      )}
    </Space>
  );
}
