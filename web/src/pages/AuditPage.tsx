import { SafetyCertificateOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Select,
  type SelectProps,
  Space,
  Table,
  type TableProps,
} from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../api.ts';
import { LoadError } from '../components/LoadError.tsx';
import { codesOf, useI18n } from '../i18n.ts';
import { useFetch } from '../useFetch.ts';

interface AuditRow {
  seq: number;
  at: string;
  actor_id: number | null;
  actor_name: string;
  action: string;
  entity: string;
  entity_id: string | null;
  scope_code: string;
  before: unknown;
  after: unknown;
}

interface Verification {
  ok: boolean;
  entries: number;
  problems: { seq: number; reason: string }[];
}

interface Filters {
  entity?: string;
  action?: string;
  actor?: string;
  from?: string;
  to?: string;
}

type RangeValue = Parameters<NonNullable<React.ComponentProps<typeof DatePicker.RangePicker>['onChange']>>[0];

/** 审计日志: the hash-chained trail of every change and every unmasked view (审计 role). */
export function AuditPage() {
  const { t, tc } = useI18n();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState({ page: 1, pageSize: 50 });
  const [verifying, setVerifying] = useState(false);
  const [verification, setVerification] = useState<Verification | null>(null);
  const [verifyError, setVerifyError] = useState<string | null>(null);
  const list = useFetch<{ items: AuditRow[]; total: number }>('/api/audit', { ...filters, ...page });

  async function verify() {
    setVerifying(true);
    setVerifyError(null);
    try {
      setVerification(await api<Verification>('/api/audit/verify', { method: 'POST' }));
    } catch (e) {
      setVerifyError(errorMessage(e));
    } finally {
      setVerifying(false);
    }
  }

  function search(v: { entity?: string; action?: string; actor?: string; range?: RangeValue }) {
    setFilters({
      entity: v.entity?.trim() || undefined,
      action: v.action?.trim() || undefined,
      actor: v.actor?.trim() || undefined,
      from: v.range?.[0]?.format('YYYY-MM-DD'),
      to: v.range?.[1]?.format('YYYY-MM-DD'),
    });
    setPage((p) => ({ ...p, page: 1 }));
  }

  const columns: TableProps<AuditRow>['columns'] = [
    { title: t('audit.seq'), dataIndex: 'seq', width: 80 },
    {
      title: t('audit.at'),
      dataIndex: 'at',
      width: 180,
      render: (at: string) => new Date(at).toLocaleString('zh-CN', { hour12: false }),
    },
    { title: t('audit.actor'), dataIndex: 'actor_name' },
    { title: t('audit.action'), dataIndex: 'action', render: (a: string) => tc('auditAction', a) },
    { title: t('audit.entity'), dataIndex: 'entity', render: (e: string) => tc('entity', e) },
    { title: t('audit.entityId'), dataIndex: 'entity_id' },
    { title: t('audit.scope'), dataIndex: 'scope_code' },
  ];

  return (
    <Card
      title={t('menu.audit')}
      extra={
        <Button
          type="primary"
          icon={<SafetyCertificateOutlined />}
          loading={verifying}
          onClick={verify}
          data-testid="audit-verify"
        >
          {t('audit.verify')}
        </Button>
      }
    >
      {verification && (
        <Alert
          data-testid="audit-verify-result"
          showIcon
          closable={{ onClose: () => setVerification(null) }}
          type={verification.ok ? 'success' : 'error'}
          title={
            verification.ok
              ? t('audit.verifyOk', { n: verification.entries })
              : t('audit.verifyBad', { n: verification.entries, p: verification.problems.length })
          }
          description={
            verification.problems.length > 0 && (
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {verification.problems.slice(0, 20).map((p) => (
                  <li key={`${p.seq}-${p.reason}`}>{p.reason}</li>
                ))}
              </ul>
            )
          }
          style={{ marginBottom: 16 }}
        />
      )}
      {verifyError && <Alert type="error" showIcon title={verifyError} style={{ marginBottom: 16 }} />}
      <Form layout="inline" onFinish={search} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="entity" label={t('audit.entity')}>
          <CodeSelect prefix="entity" width={190} data-testid="audit-filter-entity" />
        </Form.Item>
        <Form.Item name="action" label={t('audit.action')}>
          <CodeSelect prefix="auditAction" width={150} data-testid="audit-filter-action" />
        </Form.Item>
        <Form.Item name="actor" label={t('audit.actor')}>
          <Input allowClear style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="range" label={t('audit.dateRange')}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('common.search')}
          </Button>
          <Button htmlType="reset" onClick={() => search({})}>
            {t('common.reset')}
          </Button>
        </Space>
      </Form>
      {list.error ? (
        <LoadError error={list.error} onRetry={list.reload} />
      ) : (
        <Table<AuditRow>
          data-testid="audit-table"
          rowKey="seq"
          size="small"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          scroll={{ x: 'max-content' }}
          expandable={{
            rowExpandable: (r) => r.before != null || r.after != null,
            expandedRowRender: (r) => <ChangeView before={r.before} after={r.after} />,
          }}
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            showTotal: (n) => t('common.total', { n }),
            onChange: (p, pageSize) => setPage({ page: pageSize === page.pageSize ? p : 1, pageSize }),
          }}
        />
      )}
    </Card>
  );
}

/** A filter over coded values (entity, auditAction), offered by their labels; Form.Item fills value/onChange. */
function CodeSelect({ prefix, width, ...rest }: SelectProps<string> & { prefix: string; width: number }) {
  const { t, tc } = useI18n();
  return (
    <Select<string>
      {...rest}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t('audit.any')}
      style={{ width }}
      options={codesOf(prefix).map((c) => ({ value: c, label: tc(prefix, c) }))}
    />
  );
}

function ChangeView({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useI18n();
  const pre = (v: unknown) => (
    <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12 }}>
      {v == null ? '—' : JSON.stringify(v, null, 2)}
    </pre>
  );
  return (
    <Space align="start" size={32} wrap>
      <div>
        <strong>{t('audit.before')}</strong>
        {pre(before)}
      </div>
      <div>
        <strong>{t('audit.after')}</strong>
        {pre(after)}
      </div>
    </Space>
  );
}
