import { Button, Card, Collapse, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { Paged, RegionView, SchoolRow } from '../api.ts';
import { FileImport } from '../components/FileImport.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { SchoolTable } from '../components/SchoolTable.tsx';
import { useI18n } from '../i18n.ts';
import { useUser } from '../session.tsx';
import { useFetch } from '../useFetch.ts';

const STAGES = ['preschool', 'primary', 'junior', 'senior', 'vocational', 'higher'];
const KINDS = ['regular', 'village_school', 'teaching_point'];

interface Filters {
  q?: string;
  stage?: string;
  kind?: string;
}

/**
 * /schools: search schools in scope (GET /api/schools), filters kept in the URL; for the city's and
 * counties' administrators, the school list upload (an import job, POST /api/imports/schools).
 */
export function SchoolSearchPage() {
  const { t, tc } = useI18n();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<Filters>();
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;
  const query = {
    q: params.get('q'),
    county: params.get('county'),
    township: params.get('township'),
    stage: params.get('stage'),
    kind: params.get('kind'),
    page,
    pageSize,
  };
  const result = useFetch<Paged<SchoolRow>>('/api/schools', query);
  const area = query.township ?? query.county;
  const areaView = useFetch<RegionView>(area ? `/api/regions/${area}` : null);

  useEffect(() => {
    form.setFieldsValue({
      q: params.get('q') ?? undefined,
      stage: params.get('stage') ?? undefined,
      kind: params.get('kind') ?? undefined,
    });
  }, [params, form]);

  function update(next: Record<string, string | number | undefined | null>) {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === undefined || v === null || v === '') p.delete(k);
      else p.set(k, String(v));
    }
    setParams(p);
  }

  return (
    <Card title={t('school.search')}>
      <Form<Filters>
        form={form}
        layout="inline"
        onFinish={(v) => update({ q: v.q?.trim(), stage: v.stage, kind: v.kind, page: 1 })}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        {area && (
          <Form.Item label={t('school.region')}>
            <Tag closable onClose={() => update({ county: null, township: null, page: 1 })}>
              {areaView.data?.region.code === area ? areaView.data.region.name : area}
            </Tag>
          </Form.Item>
        )}
        <Form.Item name="q">
          <Input allowClear placeholder={t('school.searchPlaceholder')} style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="stage">
          <Select
            allowClear
            placeholder={t('school.stages')}
            style={{ width: 140 }}
            options={STAGES.map((s) => ({ value: s, label: tc('stage', s) }))}
          />
        </Form.Item>
        <Form.Item name="kind">
          <Select
            allowClear
            placeholder={t('school.kind')}
            style={{ width: 140 }}
            options={KINDS.map((k) => ({ value: k, label: tc('kind', k) }))}
          />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setParams(new URLSearchParams());
            }}
          >
            {t('common.reset')}
          </Button>
        </Space>
      </Form>
      {user.permissions.importSchools && (
        <Collapse
          size="small"
          style={{ marginBottom: 16 }}
          items={[
            {
              key: 'import',
              label: t('school.import'),
              children: (
                <Space orientation="vertical" size={8} style={{ width: '100%' }}>
                  <Typography.Text type="secondary">{t('school.importHint')}</Typography.Text>
                  <FileImport
                    kind="schools"
                    testId="school-import"
                    onImported={(r) => {
                      if (r.ok) result.reload();
                    }}
                  />
                </Space>
              ),
            },
          ]}
          data-testid="school-import-panel"
        />
      )}
      {result.error ? (
        <LoadError error={result.error} onRetry={result.reload} />
      ) : (
        <SchoolTable
          showRegion
          rows={result.data?.items ?? []}
          loading={result.loading}
          pagination={{
            current: page,
            pageSize,
            total: result.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (n) => t('common.total', { n }),
            onChange: (p, size) => update({ page: size === pageSize ? p : 1, pageSize: size }),
          }}
        />
      )}
    </Card>
  );
}
