import { Button, Card, Col, Empty, Row, Skeleton, Space, Statistic, Tag, Typography } from 'antd';
import { lazy, Suspense, useMemo } from 'react';
import { Link } from 'react-router-dom';
import type { Paged, RegionChild, RegionView, SchoolRow } from '../api.ts';
import { LoadError } from '../components/LoadError.tsx';
import { useI18n } from '../i18n.ts';
import { useUser } from '../session.tsx';
import { useFetch } from '../useFetch.ts';
import { useRoleLabel } from '../useRoleLabel.ts';

const SchoolBarChart = lazy(() => import('../components/SchoolBarChart.tsx'));

/** Home: who I am, what I am responsible for, and real counts from my scope. */
export function DashboardPage() {
  const { t, tc } = useI18n();
  const user = useUser();
  const roleLabel = useRoleLabel(user);
  const root = useFetch<RegionView>('/api/regions');
  const schools = useFetch<Paged<SchoolRow>>('/api/schools', { pageSize: 1 });
  const children: RegionChild[] = root.data?.children ?? [];
  const chartData = useMemo(
    () => (root.data?.children ?? []).map((c) => ({ name: c.name, value: Number(c.school_count) || 0 })),
    [root.data],
  );
  const region = root.data?.region;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('dashboard.hello', { name: user.displayName })}
        </Typography.Title>
        <Typography.Text type="secondary">{t('app.title')}</Typography.Text>
      </Card>
      {root.error ? (
        <LoadError error={root.error} onRetry={root.reload} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} md={12} xl={6}>
            <Card style={{ height: '100%' }}>
              <Skeleton loading={!region} active paragraph={false}>
                <div data-testid="dash-scope">
                  <Statistic title={t('dashboard.scope')} value={region?.name ?? ''} />
                </div>
                <Space size={4} wrap>
                  {region && <Tag>{tc('level', region.level)}</Tag>}
                  {region?.key_poverty_county && <Tag color="red">{t('dashboard.keyCounty')}</Tag>}
                </Space>
              </Skeleton>
            </Card>
          </Col>
          <Col xs={24} md={12} xl={6}>
            <Card style={{ height: '100%' }}>
              <Statistic title={t('dashboard.role')} value={roleLabel} />
            </Card>
          </Col>
          <Col xs={24} md={12} xl={6}>
            <Card data-testid="dash-schools" style={{ height: '100%' }}>
              <Statistic
                title={t('dashboard.schools')}
                value={schools.data?.total ?? '—'}
                suffix={schools.data ? t('dashboard.unit.school') : undefined}
                loading={schools.loading && !schools.data}
              />
            </Card>
          </Col>
          <Col xs={24} md={12} xl={6}>
            <Card style={{ height: '100%' }}>
              <Statistic
                title={t('dashboard.children')}
                value={root.data ? children.length : '—'}
                suffix={root.data ? t('dashboard.unit.region') : undefined}
                loading={root.loading && !root.data}
              />
            </Card>
          </Col>
        </Row>
      )}
      <Card
        title={t('dashboard.chart')}
        extra={
          region && (
            <Link to={`/regions/${region.code}`}>
              <Button type="link">{t('dashboard.browse')}</Button>
            </Link>
          )
        }
      >
        {chartData.length > 0 ? (
          <Suspense fallback={<Skeleton active />}>
            <SchoolBarChart data={chartData} />
          </Suspense>
        ) : root.loading ? (
          <Skeleton active />
        ) : (
          <Empty description={t('region.noChildren')} />
        )}
      </Card>
    </Space>
  );
}
