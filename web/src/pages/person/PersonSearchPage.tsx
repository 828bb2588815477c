import { Card, Empty, Input, Space, Table, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { LoadError } from '../../components/LoadError.tsx';
import { useI18n } from '../../i18n.ts';
import { useFetch } from '../../useFetch.ts';
import type { PersonHit } from './types.ts';

/** /persons — 一生一档 search by name prefix, 18-digit ID or 学籍号 (IDs masked). */
export function PersonSearchPage() {
  const { t, tc } = useI18n();
  const [params, setParams] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  const hits = useFetch<{ items: PersonHit[] }>(q ? '/api/persons' : null, { q });

  return (
    <Card title={t('person.search')} data-testid="person-search">
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('person.searchHint')}</Typography.Text>
        <Input.Search
          key={q}
          defaultValue={q}
          allowClear
          enterButton={t('common.search')}
          placeholder={t('person.searchPlaceholder')}
          aria-label={t('person.searchPlaceholder')}
          style={{ maxWidth: 480 }}
          maxLength={40}
          onSearch={(v) => setParams(v.trim() ? { q: v.trim() } : {})}
        />
        {hits.error ? (
          <LoadError error={hits.error} onRetry={hits.reload} />
        ) : (
          q && (
            <Table<PersonHit>
              rowKey="id"
              size="middle"
              data-testid="person-results"
              loading={hits.loading}
              dataSource={hits.data?.items ?? []}
              locale={{ emptyText: <Empty description={t('person.noResults')} /> }}
              pagination={{
                pageSize: 20,
                hideOnSinglePage: true,
                showTotal: (n) => t('common.total', { n }),
              }}
              columns={[
                {
                  title: t('person.name'),
                  dataIndex: 'name',
                  render: (n: string, r) => (
                    <Space orientation="vertical" size={0}>
                      <Link to={`/persons/${r.id}`}>{n}</Link>
                      {r.former_student_no && (
                        <Typography.Text type="secondary" data-testid="person-former-no">
                          {t('person.foundByFormerNo', r.former_student_no)}
                        </Typography.Text>
                      )}
                    </Space>
                  ),
                },
                {
                  title: t('cmp.field.sex'),
                  dataIndex: 'sex',
                  render: (s: string | null) => (s ? tc('sex', s) : '—'),
                },
                {
                  title: t('cmp.col.birthDate'),
                  dataIndex: 'birth_date',
                  render: (d: string | null) => d ?? '—',
                },
                {
                  title: t('person.id'),
                  dataIndex: 'id_masked',
                  render: (v: string | null) => v ?? t('person.noId'),
                },
                {
                  title: t('person.county'),
                  key: 'county',
                  render: (_, r) => r.county_name ?? r.county_code ?? '—',
                },
              ]}
            />
          )
        )}
      </Space>
    </Card>
  );
}
