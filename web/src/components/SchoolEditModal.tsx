import { App, Checkbox, Form, Input, Modal, Radio, Select, Switch } from 'antd';
import { useState } from 'react';
import { api, errorMessage, type SchoolRow } from '../api.ts';
import { useI18n } from '../i18n.ts';

const STAGES = ['preschool', 'primary', 'junior', 'senior', 'vocational', 'higher'];
const KINDS = ['regular', 'village_school', 'teaching_point'];
const URBAN = ['urban', 'town', 'rural'];

type Editable = Pick<SchoolRow, 'name' | 'stages' | 'kind' | 'urban_rural' | 'ownership' | 'boarding'>;

/** PATCH /api/schools/:code with only the fields that changed (for roles with schools.edit). */
export function SchoolEditModal({
  school,
  open,
  onClose,
  onSaved,
}: {
  school: SchoolRow;
  open: boolean;
  onClose(): void;
  onSaved(): void;
}) {
  const { t, tc } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Editable>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit() {
    const values = await form.validateFields();
    const changes: Partial<Editable> = {};
    for (const key of Object.keys(values) as (keyof Editable)[]) {
      if (JSON.stringify(values[key]) !== JSON.stringify(school[key]))
        Object.assign(changes, { [key]: values[key] });
    }
    if (Object.keys(changes).length === 0) return onClose();
    setSaving(true);
    setError(null);
    try {
      await api(`/api/schools/${school.code}`, { method: 'PATCH', body: changes });
      message.success(t('users.saved'));
      onSaved();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      title={`${t('school.detail')} · ${school.name}`}
      open={open}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={saving}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      <Form<Editable> form={form} layout="vertical" initialValues={school} preserve={false}>
        <Form.Item name="name" label={t('school.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="stages"
          label={t('school.stages')}
          rules={[{ required: true, type: 'array', min: 1 }]}
        >
          <Checkbox.Group options={STAGES.map((s) => ({ value: s, label: tc('stage', s) }))} />
        </Form.Item>
        <Form.Item name="kind" label={t('school.kind')}>
          <Select options={KINDS.map((k) => ({ value: k, label: tc('kind', k) }))} />
        </Form.Item>
        <Form.Item name="urban_rural" label={t('school.urbanRural')}>
          <Radio.Group options={URBAN.map((u) => ({ value: u, label: tc('urbanRural', u) }))} />
        </Form.Item>
        <Form.Item name="ownership" label={t('school.ownership')}>
          <Radio.Group
            options={['public', 'private'].map((o) => ({ value: o, label: tc('ownership', o) }))}
          />
        </Form.Item>
        <Form.Item name="boarding" label={t('school.boarding')} valuePropName="checked">
          <Switch />
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
