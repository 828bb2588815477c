import { SearchOutlined } from '@ant-design/icons';
import { Breadcrumb, Button, Card, Empty, Space, Table, type TableProps, Tag, Typography } from 'antd';
import { Link, Navigate, useParams } from 'react-router-dom';
import type { RegionChild, RegionView } from '../api.ts';
import { LoadError } from '../components/LoadError.tsx';
import { SchoolTable } from '../components/SchoolTable.tsx';
import { useI18n } from '../i18n.ts';
import { useFetch } from '../useFetch.ts';

/** /regions: opens the user's own scope node (the city, a county, a township…). */
export function RegionRootRedirect() {
  const root = useFetch<RegionView>('/api/regions');
  if (root.error) return <LoadError error={root.error} onRetry={root.reload} />;
  if (!root.data) return <Card loading />;
  return <Navigate to={`/regions/${root.data.region.code}`} replace />;
}

function schoolSearchLink(level: string, code: string): string {
  if (level === 'county') return `/schools?county=${code}`;
  if (level === 'township') return `/schools?township=${code}`;
  return '/schools';
}

/**
 * One division: where it sits (breadcrumb), its sub-divisions with school counts (click to
 * drill down city → county → township → village) and the schools directly under it.
 * A division outside the user's scope answers 404, shown with the server's message.
 */
export function RegionPage() {
  const { code = '' } = useParams();
  const { t, tc, p } = useI18n();
  const view = useFetch<RegionView>(`/api/regions/${encodeURIComponent(code)}`);

  if (view.error) return <LoadError error={view.error} onRetry={view.reload} />;
  const data = view.data && view.data.region.code === code ? view.data : undefined;
  if (!data) return <Card loading />;

  const { region } = data;
  const path = [...(data.path ?? [])];
  if (path[path.length - 1]?.code !== region.code)
    path.push({ code: region.code, name: region.name, level: region.level });

  const childColumns: TableProps<RegionChild>['columns'] = [
    {
      title: t('region.name'),
      dataIndex: 'name',
      render: (name: string, c) => (
        <Link to={`/regions/${c.code}`} data-testid={`region-link-${c.code}`}>
          {name}
        </Link>
      ),
    },
    { title: t('region.code'), dataIndex: 'code', width: 160 },
    { title: t('region.level'), dataIndex: 'level', width: 140, render: (l: string) => tc('level', l) },
    { title: t('region.schoolCount'), dataIndex: 'school_count', width: 110, align: 'right' },
    { title: t('region.childCount'), dataIndex: 'child_count', width: 120, align: 'right' },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="region-page">
      <Card>
        <Breadcrumb
          data-testid="region-breadcrumb"
          items={path.map((p, i) => ({
            key: p.code,
            title: i === path.length - 1 ? p.name : <Link to={`/regions/${p.code}`}>{p.name}</Link>,
          }))}
        />
        <Space align="center" wrap style={{ marginTop: 12 }}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="region-name">
            {region.name}
          </Typography.Title>
          <Tag>{tc('level', region.level)}</Tag>
          <Typography.Text type="secondary">
            {t('region.code')}
            {p.colon}
            {region.code}
          </Typography.Text>
          {region.key_poverty_county && <Tag color="red">{t('region.keyPoverty')}</Tag>}
          {region.is_county_seat && <Tag color="blue">{t('region.countySeat')}</Tag>}
          {region.is_urban_district && <Tag color="geekblue">{t('region.urbanDistrict')}</Tag>}
        </Space>
      </Card>
      {data.children.length > 0 && (
        <Card
          title={t('region.children')}
          extra={
            <Link to={schoolSearchLink(region.level, region.code)}>
              <Button icon={<SearchOutlined />}>{t('school.search')}</Button>
            </Link>
          }
        >
          <Table<RegionChild>
            data-testid="region-children"
            rowKey="code"
            size="middle"
            columns={childColumns}
            dataSource={data.children}
            pagination={data.children.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          />
        </Card>
      )}
      {(data.schools.length > 0 || region.level === 'township' || region.level === 'village') && (
        <Card title={`${t('region.schools')}${p.paren(data.schools.length)}`}>
          {data.schools.length > 0 ? (
            <SchoolTable
              rows={data.schools}
              pagination={data.schools.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            />
          ) : (
            <Empty description={t('region.noSchools')} />
          )}
        </Card>
      )}
      {data.children.length === 0 &&
        data.schools.length === 0 &&
        region.level !== 'township' &&
        region.level !== 'village' && (
          <Card>
            <Empty description={t('region.noChildren')} />
          </Card>
        )}
    </Space>
  );
}
