import { Alert, Card, Empty, Input, Space, Table, Typography } from 'antd';
import { useEffect } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { LoadError } from '../../components/LoadError.tsx';
import { useI18n } from '../../i18n.ts';
import { keepOutOfUrl, searchLocation, searchTerm } from '../../search-term.ts';
import { useUser } from '../../session.tsx';
import { useFetch } from '../../useFetch.ts';
import type { PersonHit } from './types.ts';

/**
 * /persons — 一生一档 search by name prefix, ID or 学籍号, whole or masked (IDs masked). A term
 * holding an ID is kept out of the address (search-term.ts): in the history entry's state.
 */
export function PersonSearchPage() {
  const { t, tc } = useI18n();
  const user = useUser();
  const location = useLocation();
  const navigate = useNavigate();
  const q = searchTerm(location.search, location.state);
  const urlQ = new URLSearchParams(location.search).get('q')?.trim() ?? '';
  // An ID that came in the address (an old link or bookmark) leaves it at once.
  useEffect(() => {
    if (urlQ && keepOutOfUrl(urlQ)) navigate({ search: '' }, { replace: true, state: { q: urlQ } });
  }, [urlQ, navigate]);
  const hits = useFetch<{ items: PersonHit[]; more?: boolean }>(q ? '/api/persons' : null, { q });

  return (
    <Card title={t('person.search')} data-testid="person-search">
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('person.searchHint')}</Typography.Text>
        {!user.permissions.readPersons && (
          // 教师科: the files of children paired with caring teachers only (roles.ts persons.read).
          <Alert
            type="info"
            showIcon
            data-testid="person-search-care-only"
            title={t('person.searchCareOnly')}
          />
        )}
        <Input.Search
          key={q}
          defaultValue={q}
          allowClear
          enterButton={t('common.search')}
          placeholder={t('person.searchPlaceholder')}
          aria-label={t('person.searchPlaceholder')}
          style={{ maxWidth: 480 }}
          maxLength={40}
          onSearch={(v) => {
            const to = searchLocation(v);
            navigate({ search: to.search }, { state: to.state });
          }}
        />
        {q && hits.data?.more && (
          <Alert type="info" showIcon data-testid="person-more" title={t('person.more')} />
        )}
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
                      {r.moved_out && (
                        <Typography.Text type="warning" data-testid="person-moved-out-hit">
                          {t('person.movedOutHit')}
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
