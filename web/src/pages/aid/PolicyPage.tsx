import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Input,
  InputNumber,
  Modal,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../api.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { useI18n } from '../../i18n.ts';
import { useUser } from '../../session.tsx';
import { useFetch } from '../../useFetch.ts';
import { useAction } from './common.tsx';
import { PolicyTables } from './PolicyTables.tsx';
import type { ActivePolicy, PolicyVersion } from './types.ts';

const EDITORS = ['city_aid_centre', 'city_admin'];
const VERSION_COLORS: Record<string, string> = { active: 'green', draft: 'default', superseded: 'default' };

/** New version editor: the whole configuration as JSON; the API's validation messages are shown. */
function PolicyEditor({
  open,
  base,
  onClose,
  onSaved,
}: {
  open: boolean;
  base: PolicyVersion | undefined;
  onClose(): void;
  onSaved(): void;
}) {
  const { t } = useI18n();
  const [year, setYear] = useState(base?.year ?? 2020);
  const [text, setText] = useState(() => JSON.stringify(base?.config ?? {}, null, 2));
  const [note, setNote] = useState('');
  const [activate, setActivate] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save() {
    let config: unknown;
    try {
      config = JSON.parse(text);
    } catch (e) {
      setError(t('aid.policy.badJson', { msg: (e as Error).message }));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api('/api/aid/policies', { body: { year, config, note: note || undefined, activate } });
      onSaved();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      width={900}
      title={t('aid.policy.new')}
      onCancel={onClose}
      onOk={() => void save()}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Space orientation="vertical" style={{ width: '100%' }} data-testid="policy-editor">
        <Space wrap>
          <span>{t('aid.policy.year')}</span>
          <InputNumber min={2015} max={2100} value={year} onChange={(v) => setYear(v ?? 2020)} />
          <Input
            style={{ width: 360 }}
            placeholder={t('aid.policy.note')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <Checkbox checked={activate} onChange={(e) => setActivate(e.target.checked)}>
            {t('aid.policy.activateNow')}
          </Checkbox>
        </Space>
        <Typography.Text type="secondary">{t('aid.policy.config')}</Typography.Text>
        <Input.TextArea
          data-testid="policy-json"
          value={text}
          onChange={(e) => setText(e.target.value)}
          autoSize={{ minRows: 16, maxRows: 28 }}
          style={{ fontFamily: 'monospace', fontSize: 12 }}
        />
        {error && <Alert type="error" showIcon data-testid="policy-error" title={error} />}
      </Space>
    </Modal>
  );
}

/** /aid/policy — the active policy version in tables, the version list, new version and activation. */
export function PolicyPage() {
  const { t } = useI18n();
  const user = useUser();
  const canEdit = EDITORS.includes(user.role);
  const active = useFetch<ActivePolicy>('/api/aid/policies/active', { year: 2020 });
  const versions = useFetch<{ items: PolicyVersion[] }>('/api/aid/policies');
  const [editing, setEditing] = useState(false);
  const { run, busy } = useAction();
  if (active.error) return <LoadError error={active.error} onRetry={active.reload} />;
  const reload = () => {
    active.reload();
    versions.reload();
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="aid-policy-page">
      <Card
        title={t('aid.policy.title')}
        loading={!active.data}
        extra={
          canEdit && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing(true)}
              data-testid="policy-new"
            >
              {t('aid.policy.new')}
            </Button>
          )
        }
      >
        <Typography.Paragraph type="secondary">{t('aid.policy.intro')}</Typography.Paragraph>
        {!canEdit && (
          <Alert type="info" showIcon title={t('aid.policy.readOnly')} style={{ marginBottom: 12 }} />
        )}
        {active.data && (
          <>
            <Typography.Paragraph data-testid="policy-active">
              {t('aid.policy.active')}：{active.data.policy.year} 年第 {active.data.policy.version} 版
              {active.data.policy.note ? `（${active.data.policy.note}）` : ''}
            </Typography.Paragraph>
            <PolicyTables config={active.data.policy.config} />
          </>
        )}
      </Card>
      <Card title={t('aid.policy.versions')}>
        <Table<PolicyVersion>
          size="small"
          rowKey="id"
          pagination={false}
          loading={versions.loading}
          data-testid="policy-versions"
          dataSource={versions.data?.items ?? []}
          columns={[
            { title: t('aid.policy.year'), dataIndex: 'year' },
            { title: t('aid.policy.version'), dataIndex: 'version' },
            {
              title: t('aid.policy.status'),
              dataIndex: 'status',
              render: (s: string) => (
                <Tag color={VERSION_COLORS[s]}>{t(`aid.status.${s}` as 'aid.status.draft')}</Tag>
              ),
            },
            { title: t('aid.policy.note'), dataIndex: 'note', render: (n: string | null) => n ?? '—' },
            {
              title: '',
              key: 'act',
              render: (_: unknown, v) =>
                canEdit &&
                v.status === 'draft' && (
                  <Button
                    size="small"
                    loading={busy}
                    onClick={() =>
                      void run(
                        () => api(`/api/aid/policies/${v.id}/activate`, { method: 'POST' }),
                        t('aid.policy.activated'),
                      ).then(reload)
                    }
                  >
                    {t('aid.policy.activate')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
      {editing && (
        <PolicyEditor
          open
          base={active.data?.policy}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            reload();
          }}
        />
      )}
    </Space>
  );
}
