import { Space, Table, type TableProps, Tag } from 'antd';
import { Link } from 'react-router-dom';
import type { SchoolRow } from '../api.ts';
import { useI18n } from '../i18n.ts';

const KIND_COLORS: Record<string, string> = { village_school: 'green', teaching_point: 'orange' };
const URBAN_COLORS: Record<string, string> = { urban: 'blue', town: 'cyan', rural: 'green' };

/** Schools with their coded attributes in words; the name opens /schools/:code. */
export function SchoolTable({
  rows,
  loading,
  pagination = false,
  showRegion = false,
}: {
  rows: SchoolRow[];
  loading?: boolean;
  pagination?: TableProps<SchoolRow>['pagination'];
  showRegion?: boolean;
}) {
  const { t, tc } = useI18n();
  const columns: TableProps<SchoolRow>['columns'] = [
    {
      title: t('school.name'),
      dataIndex: 'name',
      render: (name: string, s) => (
        <Link to={`/schools/${s.code}`} data-testid={`school-link-${s.code}`}>
          {name}
        </Link>
      ),
    },
    { title: t('school.code'), dataIndex: 'code', width: 130 },
    ...(showRegion
      ? [
          {
            title: t('school.region'),
            key: 'region',
            render: (_: unknown, s: SchoolRow) =>
              [s.county_name, s.township_name].filter(Boolean).join(' / ') || s.township_code || '',
          },
        ]
      : []),
    {
      title: t('school.stages'),
      dataIndex: 'stages',
      render: (stages: string[]) => (
        <Space size={[0, 4]} wrap>
          {(stages ?? []).map((s) => (
            <Tag key={s}>{tc('stage', s)}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('school.kind'),
      dataIndex: 'kind',
      width: 100,
      render: (k: string) => <Tag color={KIND_COLORS[k]}>{tc('kind', k)}</Tag>,
    },
    {
      title: t('school.urbanRural'),
      dataIndex: 'urban_rural',
      width: 100,
      render: (u: string) => <Tag color={URBAN_COLORS[u]}>{tc('urbanRural', u)}</Tag>,
    },
    {
      title: t('school.ownership'),
      dataIndex: 'ownership',
      width: 90,
      render: (o: string) => tc('ownership', o),
    },
    {
      title: t('school.boarding'),
      dataIndex: 'boarding',
      width: 70,
      render: (b: boolean) => (b ? t('common.yes') : t('common.no')),
    },
  ];
  return (
    <Table<SchoolRow>
      data-testid="school-table"
      rowKey="code"
      size="middle"
      columns={columns}
      dataSource={rows}
      loading={loading}
      pagination={pagination}
      scroll={{ x: 'max-content' }}
    />
  );
}
