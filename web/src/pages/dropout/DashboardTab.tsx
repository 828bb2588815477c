import { Card, Col, Empty, Row, Skeleton, Statistic, Table, Tag, Typography } from 'antd';
import { lazy, Suspense, useMemo } from 'react';
import { Link } from 'react-router-dom';
import { LoadError } from '../../components/LoadError.tsx';
import { useI18n } from '../../i18n.ts';
import { useFetch } from '../../useFetch.ts';
import { type Dashboard, STATUS_COLORS } from './types.ts';

const CountyBars = lazy(() => import('./DropoutCharts.tsx').then((m) => ({ default: m.CountyBars })));
const Doughnut = lazy(() => import('./DropoutCharts.tsx').then((m) => ({ default: m.Doughnut })));

/**
 * Overview: totals, return rate, overdue cases, charts by county, status and reason (工作要点 5).
 * Counted by child (each by the latest case); a return counts in 复学率 once the roll shows the child.
 */
export function DashboardTab() {
  const { t, tc } = useI18n();
  const d = useFetch<Dashboard>('/api/dropout/dashboard');
  const county = useMemo(
    () =>
      (d.data?.byCounty ?? []).map((c) => ({
        name: c.county_name ?? c.county_code,
        open: c.open,
        closed: c.total - c.open,
      })),
    [d.data],
  );
  const byStatus = useMemo(
    () => (d.data?.byStatus ?? []).map((s) => ({ name: tc('dropoutStatus', s.status), value: s.n })),
    [d.data, tc],
  );
  const byReason = useMemo(
    () => (d.data?.byReason ?? []).map((s) => ({ name: tc('dropoutReason', s.reason), value: s.n })),
    [d.data, tc],
  );
  if (d.error) return <LoadError error={d.error} onRetry={d.reload} />;
  if (!d.data) return <Skeleton active />;
  const { totals, letters } = d.data;
  const stat = (title: string, value: string | number, id: string, warn = false) => (
    <Col xs={12} md={8} xl={4}>
      <Card size="small" data-testid={id}>
        <Statistic
          title={title}
          value={value}
          styles={warn ? { content: { color: '#cf1322' } } : undefined}
        />
      </Card>
    </Col>
  );
  const chart = (node: React.ReactNode) => <Suspense fallback={<Skeleton active />}>{node}</Suspense>;
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Typography.Text type="secondary" data-testid="dropout-count-rule">
          {t('dropout.countRule', { cases: totals.cases, children: totals.total })}
        </Typography.Text>
      </Col>
      {stat(t('dropout.total'), totals.total, 'dropout-total')}
      {stat(t('dropout.open'), totals.open, 'dropout-open')}
      {stat(t('dropout.returned'), totals.confirmed, 'dropout-returned')}
      {stat(
        t('dropout.returnUnconfirmed'),
        totals.unconfirmed,
        'dropout-unconfirmed',
        totals.unconfirmed > 0,
      )}
      {stat(
        t('dropout.returnRate'),
        totals.returnRate === null ? '—' : `${(totals.returnRate * 100).toFixed(1)}%`,
        'dropout-return-rate',
      )}
      {stat(t('dropout.overdue'), totals.overdue, 'dropout-overdue', totals.overdue > 0)}
      {stat(t('dropout.unsignedLetters', { year: letters.year }), letters.unsigned, 'dropout-unsigned')}
      <Col xs={24} xl={12}>
        <Card size="small" title={t('dropout.byCounty')}>
          {county.length ? (
            chart(<CountyBars data={county} labels={[t('dropout.open'), t('dropoutStatus.closed')]} />)
          ) : (
            <Empty />
          )}
        </Card>
      </Col>
      <Col xs={24} md={12} xl={6}>
        <Card size="small" title={t('dropout.byStatus')}>
          {byStatus.length ? chart(<Doughnut data={byStatus} testId="dropout-status-chart" />) : <Empty />}
        </Card>
      </Col>
      <Col xs={24} md={12} xl={6}>
        <Card size="small" title={t('dropout.byReason')}>
          {byReason.length ? chart(<Doughnut data={byReason} testId="dropout-reason-chart" />) : <Empty />}
        </Card>
      </Col>
      <Col span={24}>
        <Card size="small" title={t('dropout.overdueList')}>
          <Table
            size="small"
            rowKey="id"
            data-testid="dropout-overdue-table"
            pagination={false}
            dataSource={d.data.overdue}
            columns={[
              {
                title: t('dropout.name'),
                dataIndex: 'name',
                render: (n: string, r) => <Link to={`/dropout/cases/${r.id}`}>{n}</Link>,
              },
              {
                title: t('dropout.school'),
                dataIndex: 'school_name',
                render: (s: string | null) => s ?? '—',
              },
              {
                title: t('dropout.status'),
                dataIndex: 'status',
                render: (s: keyof typeof STATUS_COLORS) => (
                  <Tag color={STATUS_COLORS[s]}>{tc('dropoutStatus', s)}</Tag>
                ),
              },
              { title: t('dropout.deadline'), dataIndex: 'deadline' },
              {
                title: t('dropout.daysOverdue'),
                dataIndex: 'days_overdue',
                render: (n: number) => <Tag color="red">{n}</Tag>,
              },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}
