import { App, Form, Input, Modal, Select, TreeSelect } from 'antd';
import { useEffect, useState } from 'react';
import {
  api,
  errorMessage,
  fetchRoles,
  type Paged,
  type RegionView,
  type RoleOption,
  type SchoolRow,
} from '../api.ts';
import { useI18n } from '../i18n.ts';
import { useUser } from '../session.tsx';

// Mirrors assignableRoles() in src/server/roles.ts so the list offers only what the server
// will accept; the server still decides.
const COUNTY_ASSIGNABLE = [
  'county_admin',
  'county_aid_centre',
  'township_official',
  'school_aid_officer',
  'head_teacher',
  'teacher_section',
];
const SCHOOL_ROLES = ['school_aid_officer', 'head_teacher'];

interface NewUser {
  username: string;
  displayName: string;
  role: string;
  scopeCode?: string;
  schoolCode?: string;
  password: string;
}

interface TreeNode {
  id: string;
  pId: string | null;
  value: string;
  title: string;
  isLeaf: boolean;
}

/** POST /api/users: a new account placed at a division (or, for school roles, a school). */
export function CreateUserModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose(): void;
  onCreated(): void;
}) {
  const { t, lang, p } = useI18n();
  const user = useUser();
  const { message } = App.useApp();
  const [form] = Form.useForm<NewUser>();
  const role = Form.useWatch('role', form);
  const [roles, setRoles] = useState<RoleOption[]>([]);
  const [tree, setTree] = useState<TreeNode[]>([]);
  const [schools, setSchools] = useState<SchoolRow[]>([]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    fetchRoles().then(setRoles, (e) => setError(errorMessage(e)));
    api<RegionView>('/api/regions').then(
      (v) =>
        setTree([
          { id: v.region.code, pId: null, value: v.region.code, title: v.region.name, isLeaf: false },
        ]),
      (e) => setError(errorMessage(e)),
    );
  }, [open]);

  async function loadChildren(code: string) {
    const v = await api<RegionView>(`/api/regions/${code}`);
    setTree((old) => [
      ...old,
      ...v.children
        .filter((c) => !old.some((n) => n.id === c.code))
        .map((c) => ({
          id: c.code,
          pId: code,
          value: c.code,
          title: c.name,
          isLeaf: Number(c.child_count) === 0,
        })),
    ]);
  }

  async function searchSchools(q: string) {
    if (!q.trim()) return;
    const r = await api<Paged<SchoolRow>>('/api/schools', { query: { q: q.trim(), pageSize: 20 } });
    setSchools(r.items);
  }

  async function submit() {
    const v = await form.validateFields();
    const isSchool = SCHOOL_ROLES.includes(v.role);
    setSaving(true);
    setError(null);
    try {
      await api('/api/users', {
        body: {
          username: v.username.trim(),
          displayName: v.displayName.trim(),
          role: v.role,
          password: v.password,
          ...(isSchool ? { schoolCode: v.schoolCode } : { scopeCode: v.scopeCode }),
        },
      });
      message.success(t('users.created'));
      form.resetFields();
      onCreated();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  }

  const allowed =
    user.role === 'city_admin' ? roles : roles.filter((r) => COUNTY_ASSIGNABLE.includes(r.value));
  const required = [{ required: true, message: t('common.required') }];
  return (
    <Modal
      title={t('users.create')}
      open={open}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={saving}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      <Form<NewUser>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ scopeCode: user.scopeCode }}
      >
        <Form.Item
          name="username"
          label={t('users.username')}
          rules={required}
          extra={t('users.usernameHint')}
        >
          <Input autoComplete="off" maxLength={32} />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.displayName')} rules={required}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')} rules={required}>
          <Select
            options={allowed.map((r) => ({ value: r.value, label: lang === 'zh' ? r.label : r.labelEn }))}
          />
        </Form.Item>
        {role && SCHOOL_ROLES.includes(role) ? (
          <Form.Item name="schoolCode" label={t('users.school')} rules={required}>
            <Select
              showSearch={{ filterOption: false, onSearch: (q) => void searchSchools(q) }}
              placeholder={t('users.pickSchool')}
              options={schools.map((s) => ({ value: s.code, label: `${s.name}${p.paren(s.code)}` }))}
            />
          </Form.Item>
        ) : (
          <Form.Item name="scopeCode" label={t('users.scope')} rules={required}>
            <TreeSelect
              treeDataSimpleMode
              treeData={tree}
              loadData={(node) => loadChildren(String(node.value))}
              showSearch={false}
              treeNodeFilterProp="title"
            />
          </Form.Item>
        )}
        <Form.Item name="password" label={t('users.password')} rules={required}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
      {error && (
        <div role="alert" style={{ color: '#cf1322' }}>
          {error}
        </div>
      )}
    </Modal>
  );
}
