import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Space, Table, type TableProps, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage, fetchRoles, type RoleOption } from '../api.ts';
import { CreateUserModal } from '../components/CreateUserModal.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { useI18n } from '../i18n.ts';
import { useUser } from '../session.tsx';
import { useFetch } from '../useFetch.ts';

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: string;
  role_label: string;
  scope_code: string;
  scope_name: string | null;
  school_code: string | null;
  school_name: string | null;
  disabled: boolean;
  created_at: string;
}

/** 用户管理: the accounts inside one's scope (GET /api/users); create, disable, reset password. */
export function UsersPage() {
  const { t, lang } = useI18n();
  const me = useUser();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const [resetFor, setResetFor] = useState<UserRow | null>(null);
  const [roles, setRoles] = useState<RoleOption[]>([]);
  const list = useFetch<{ items: UserRow[] }>('/api/users', { q });

  useEffect(() => {
    fetchRoles().then(setRoles, () => setRoles([]));
  }, []);

  async function patch(u: UserRow, body: Record<string, unknown>) {
    try {
      await api(`/api/users/${u.id}`, { method: 'PATCH', body });
      message.success(t('users.saved'));
      list.reload();
      return true;
    } catch (e) {
      message.error(errorMessage(e));
      return false;
    }
  }

  const roleName = (u: UserRow) =>
    lang === 'en' ? (roles.find((r) => r.value === u.role)?.labelEn ?? u.role_label) : u.role_label;
  const columns: TableProps<UserRow>['columns'] = [
    { title: t('users.username'), dataIndex: 'username' },
    { title: t('users.displayName'), dataIndex: 'display_name' },
    { title: t('users.role'), key: 'role', render: (_, u) => roleName(u) },
    {
      title: t('users.scope'),
      key: 'scope',
      render: (_, u) => (
        <span>
          {u.scope_name ?? u.scope_code}
          {u.school_name && <span style={{ color: '#888' }}> · {u.school_name}</span>}
        </span>
      ),
    },
    {
      title: t('users.status'),
      dataIndex: 'disabled',
      width: 90,
      render: (d: boolean) =>
        d ? <Tag color="default">{t('users.disabled')}</Tag> : <Tag color="green">{t('users.enabled')}</Tag>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 200,
      render: (_, u) =>
        u.id === me.id ? null : (
          <Space>
            {u.disabled ? (
              <Button size="small" type="link" onClick={() => patch(u, { disabled: false })}>
                {t('users.enable')}
              </Button>
            ) : (
              <Popconfirm
                title={t('users.confirmDisable')}
                onConfirm={() => patch(u, { disabled: true })}
                okText={t('common.ok')}
                cancelText={t('common.cancel')}
              >
                <Button size="small" type="link" danger>
                  {t('users.disable')}
                </Button>
              </Popconfirm>
            )}
            <Button size="small" type="link" onClick={() => setResetFor(u)}>
              {t('users.resetPassword')}
            </Button>
          </Space>
        ),
    },
  ];

  return (
    <Card
      title={t('menu.users')}
      extra={
        <Space>
          <Input.Search
            allowClear
            placeholder={t('users.searchPlaceholder')}
            onSearch={(v) => setQ(v.trim())}
            style={{ width: 220 }}
          />
          <Button icon={<ReloadOutlined />} onClick={list.reload}>
            {t('common.refresh')}
          </Button>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="user-create"
          >
            {t('users.create')}
          </Button>
        </Space>
      }
    >
      {list.error ? (
        <LoadError error={list.error} onRetry={list.reload} />
      ) : (
        <Table<UserRow>
          data-testid="users-table"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          pagination={{ pageSize: 20, showTotal: (n) => t('common.total', { n }) }}
        />
      )}
      <CreateUserModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          list.reload();
        }}
      />
      {resetFor && (
        <ResetPasswordModal
          user={resetFor}
          onClose={() => setResetFor(null)}
          onSubmit={async (password) => {
            if (await patch(resetFor, { password })) setResetFor(null);
          }}
        />
      )}
    </Card>
  );
}

function ResetPasswordModal({
  user,
  onClose,
  onSubmit,
}: {
  user: UserRow;
  onClose(): void;
  onSubmit(password: string): Promise<void>;
}) {
  const { t, p } = useI18n();
  const [form] = Form.useForm<{ password: string }>();
  const [saving, setSaving] = useState(false);
  return (
    <Modal
      open
      title={`${t('users.resetPassword')} · ${user.display_name}${p.paren(user.username)}`}
      onCancel={onClose}
      confirmLoading={saving}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      onOk={async () => {
        const { password } = await form.validateFields();
        setSaving(true);
        try {
          await onSubmit(password);
        } finally {
          setSaving(false);
        }
      }}
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="password"
          label={t('users.newPassword')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
