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
  Tabs,
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
import { useTerm } from './EntitlementsPage.tsx';
import { PolicyForm } from './PolicyForm.tsx';
import { PolicyTables } from './PolicyTables.tsx';
import type { ActivePolicy, PolicyConfig, PolicyVersion } from './types.ts';

const EDITORS = ['city_aid_centre', 'city_admin'];
const VERSION_COLORS: Record<string, string> = { active: 'green', draft: 'default', superseded: 'default' };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * New version editor: a form of the figures the bureau changes year to year (default tab) and the
 * whole configuration as JSON (高级), kept in sync — form edits rewrite the JSON, JSON edits that
 * parse refill the form. Whatever the form does not show is carried over from the base version.
 * The API's validation messages are shown.
 */
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
  const [config, setConfig] = useState<PolicyConfig>(() =>
    structuredClone(base?.config ?? ({} as PolicyConfig)),
  );
  const [text, setText] = useState(() => JSON.stringify(base?.config ?? {}, null, 2));
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [tab, setTab] = useState('form');
  const [note, setNote] = useState('');
  const [activate, setActivate] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function changeForm(next: PolicyConfig) {
    setConfig(next);
    setText(JSON.stringify(next, null, 2));
    setJsonError(null);
  }

  function changeJson(value: string) {
    setText(value);
    try {
      const parsed: unknown = JSON.parse(value);
      if (!isObject(parsed)) throw new Error(t('aid.policy.notObject'));
      setConfig(parsed as unknown as PolicyConfig);
      setJsonError(null);
      if (typeof parsed.year === 'number') setYear(parsed.year);
    } catch (e) {
      setJsonError((e as Error).message);
    }
  }

  /** The policy year and the config's own year move together (the API requires them equal). */
  function changeYear(value: number | null) {
    const y = value ?? 2020;
    setYear(y);
    if (!jsonError && isObject(config)) changeForm({ ...config, year: y });
  }

  async function save() {
    if (jsonError) {
      setTab('json');
      setError(t('aid.policy.badJson', { msg: jsonError }));
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
      width={1080}
      title={t('aid.policy.new')}
      onCancel={onClose}
      onOk={() => void save()}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Space orientation="vertical" style={{ width: '100%' }} data-testid="policy-editor">
        <Space wrap>
          <span>{t('aid.policy.year')}</span>
          <InputNumber min={2015} max={2100} value={year} onChange={changeYear} data-testid="policy-year" />
          <Input
            style={{ width: 360 }}
            placeholder={t('aid.policy.note')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            data-testid="policy-note"
          />
          <Checkbox
            checked={activate}
            onChange={(e) => setActivate(e.target.checked)}
            data-testid="policy-activate"
          >
            {t('aid.policy.activateNow')}
          </Checkbox>
        </Space>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'form',
              label: t('aid.policy.tabForm'),
              children: (
                <>
                  {jsonError && (
                    <Alert
                      type="warning"
                      showIcon
                      style={{ marginBottom: 8 }}
                      title={t('aid.policy.jsonPending', { msg: jsonError })}
                    />
                  )}
                  <PolicyForm config={config} onChange={changeForm} />
                </>
              ),
            },
            {
              key: 'json',
              label: t('aid.policy.tabJson'),
              children: (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Typography.Text type="secondary">{t('aid.policy.config')}</Typography.Text>
                  <Input.TextArea
                    data-testid="policy-json"
                    value={text}
                    onChange={(e) => changeJson(e.target.value)}
                    autoSize={{ minRows: 16, maxRows: 28 }}
                    style={{ fontFamily: 'monospace', fontSize: 12 }}
                  />
                  {jsonError && (
                    <Typography.Text type="warning" data-testid="policy-json-error">
                      {t('aid.policy.badJson', { msg: jsonError })}
                    </Typography.Text>
                  )}
                </Space>
              ),
            },
          ]}
        />
        {error && <Alert type="error" showIcon data-testid="policy-error" title={error} />}
      </Space>
    </Modal>
  );
}

/** /aid/policy — the active policy version in tables, the version list, new version and activation. */
export function PolicyPage() {
  const { t, p } = useI18n();
  const user = useUser();
  const canEdit = EDITORS.includes(user.role);
  // The policy of today's term's year when there is one, else of the newest year that has one.
  const [term] = useTerm();
  const active = useFetch<ActivePolicy>('/api/aid/policies/active', { year: Number(term.slice(0, 4)) });
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
              {t('aid.policy.active')}
              {p.colon}
              {t('aid.policy.yearVersion', {
                year: active.data.policy.year,
                version: active.data.policy.version,
              })}
              {active.data.policy.note ? p.paren(active.data.policy.note) : ''}
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
