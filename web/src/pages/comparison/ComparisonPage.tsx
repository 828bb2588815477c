import { Card, Col, Row, Space, Statistic, Tabs, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { LoadError } from '../../components/LoadError.tsx';
import { useI18n } from '../../i18n.ts';
import { useUser } from '../../session.tsx';
import { useFetch } from '../../useFetch.ts';
import { ImportCards } from './ImportCards.tsx';
import { LinkModal } from './LinkModal.tsx';
import { ResultList } from './ResultList.tsx';
import { ReviewDrawer } from './ReviewDrawer.tsx';
import { RunCard } from './RunCard.tsx';
import { type ComparisonList, type ComparisonSummary, LISTS, type StudentResultRow } from './types.ts';

const STAT_COLORS: Record<ComparisonList, string> = {
  linked: '#389e0d',
  review: '#d46b08',
  unenrolled: '#cf1322',
  suspect: '#c41d7f',
  id_problems: '#d48806',
  unmatched: '#595959',
};

function time(s: string): string {
  return new Date(s).toLocaleString('zh-CN', { hour12: false });
}

/**
 * /comparison — 信息识别比对 (工作要点 2): import the roll, the registry and the assistance
 * lists; run the comparison; read each result list and review the suspected matches.
 */
export function ComparisonPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const user = useUser();
  // A role without 学生资助 records (乡镇干部) reads the school-age children in no roll only.
  const lists: readonly ComparisonList[] = user.permissions.readAid ? LISTS : ['unenrolled'];
  const tab = (lists as readonly string[]).includes(params.get('list') ?? '')
    ? (params.get('list') as ComparisonList)
    : lists[0]!;
  const summary = useFetch<ComparisonSummary>('/api/comparison/summary');
  const [version, setVersion] = useState(0);
  const [reviewing, setReviewing] = useState<number | null>(null);
  const [linking, setLinking] = useState<StudentResultRow | null>(null);
  const { reload } = summary;
  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);

  const counts = summary.data?.counts;
  const lastRun = summary.data?.lastRun;
  const showList = (k: ComparisonList) => setParams({ list: k }, { replace: true });

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="comparison-page">
      <Card
        title={t('cmp.title')}
        extra={<Typography.Text type="secondary">{t('cmp.policy')}</Typography.Text>}
        styles={{ body: { paddingTop: 12 } }}
      >
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {t('cmp.imports')}
        </Typography.Title>
        <ImportCards onImported={refresh} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={8}>
          <RunCard
            onFinished={refresh}
            serverAsOf={summary.data?.defaultAsOf ?? null}
            lastRun={
              lastRun
                ? lastRun.partial
                  ? t('cmp.lastRunPartial', {
                      at: time(lastRun.created_at),
                      scope: lastRun.scope_name ?? lastRun.scope_code,
                      asOf: lastRun.as_of,
                    })
                  : t('cmp.lastRun', { at: time(lastRun.created_at), asOf: lastRun.as_of })
                : null
            }
            lastAsOf={lastRun?.as_of ?? null}
            importsSinceRun={summary.data?.importsSinceRun ?? 0}
          />
        </Col>
        <Col xs={24} xl={16}>
          {summary.error ? (
            <LoadError error={summary.error} onRetry={reload} />
          ) : (
            <Row gutter={[12, 12]} data-testid="cmp-summary">
              {lists.map((k) => (
                <Col key={k} xs={12} md={8}>
                  <Card
                    size="small"
                    hoverable
                    onClick={() => showList(k)}
                    data-testid={`cmp-count-${k}`}
                    style={tab === k ? { borderColor: STAT_COLORS[k] } : undefined}
                  >
                    <Statistic
                      title={t(`cmp.list.${k}`)}
                      value={counts?.[k] ?? 0}
                      loading={!counts}
                      styles={{ content: { color: STAT_COLORS[k] } }}
                    />
                  </Card>
                </Col>
              ))}
            </Row>
          )}
        </Col>
      </Row>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => showList(k as ComparisonList)}
          items={lists.map((k) => ({
            key: k,
            label: `${t(`cmp.list.${k}`)}${counts ? ` (${counts[k]})` : ''}`,
            children: (
              <ResultList
                list={k}
                version={version}
                onReview={(r) => setReviewing(r.student_id)}
                onLink={user.permissions.write && user.permissions.readAid ? setLinking : undefined}
              />
            ),
          }))}
        />
      </Card>
      <ReviewDrawer studentId={reviewing} onClose={() => setReviewing(null)} onDecided={refresh} />
      <LinkModal row={linking} onClose={() => setLinking(null)} onLinked={refresh} />
    </Space>
  );
}
