import { App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../api.ts';
import { useI18n } from '../i18n.ts';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** POST /api/auth/password; the server checks strength and reports in Chinese. */
export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordForm>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit() {
    const values = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      await api('/api/auth/password', {
        body: { currentPassword: values.currentPassword, newPassword: values.newPassword },
      });
      message.success(t('pwd.done'));
      form.resetFields();
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      title={t('header.changePassword')}
      open={open}
      onOk={submit}
      onCancel={() => {
        form.resetFields();
        setError(null);
        onClose();
      }}
      confirmLoading={saving}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item
          name="currentPassword"
          label={t('pwd.current')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('pwd.new')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('pwd.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('common.required') },
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                !v || v === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('pwd.mismatch'))),
            }),
          ]}
        >
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
