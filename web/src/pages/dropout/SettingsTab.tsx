import { App, Button, Form, Input, InputNumber, Skeleton } from 'antd';
import { api, errorMessage } from '../../api.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { useI18n } from '../../i18n.ts';
import { useFetch } from '../../useFetch.ts';
import { type DropoutSettings, STATUSES } from './types.ts';

const OPEN = STATUSES.filter((s) => s !== 'closed');

/** The configurable figures (POLICY.md: no threshold in code); only the city administrator edits. */
export function SettingsTab() {
  const { t, tc } = useI18n();
  const { message } = App.useApp();
  const s = useFetch<{ settings: DropoutSettings; canEdit: boolean }>('/api/dropout/settings');
  if (s.error) return <LoadError error={s.error} onRetry={s.reload} />;
  if (!s.data) return <Skeleton active />;
  const { settings, canEdit } = s.data;

  async function save(v: DropoutSettings) {
    try {
      await api('/api/dropout/settings', { method: 'PUT', body: v });
      message.success(t('dropout.saved'));
      s.reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  return (
    <Form<DropoutSettings>
      layout="vertical"
      initialValues={settings}
      disabled={!canEdit}
      onFinish={save}
      style={{ maxWidth: 520 }}
    >
      <Form.Item name="transferDays" label={t('dropout.transferDays')} rules={[{ required: true }]}>
        <InputNumber min={1} max={365} />
      </Form.Item>
      <Form.Item
        name="homeTeachingVisitsPerMonth"
        label={t('dropout.visitsPerMonth')}
        rules={[{ required: true }]}
      >
        <InputNumber min={1} max={31} />
      </Form.Item>
      <Form.Item name={['compulsoryAge', 'min']} label={t('dropout.ageMin')} rules={[{ required: true }]}>
        <InputNumber min={0} max={25} />
      </Form.Item>
      <Form.Item name={['compulsoryAge', 'max']} label={t('dropout.ageMax')} rules={[{ required: true }]}>
        <InputNumber min={0} max={25} />
      </Form.Item>
      <Form.Item
        name={['compulsoryAge', 'cutoff']}
        label={t('dropout.ageCutoff')}
        extra={t('dropout.ageCutoffHint')}
        rules={[
          {
            required: true,
            pattern: /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
            message: t('dropout.ageCutoffInvalid'),
          },
        ]}
      >
        <Input maxLength={5} placeholder="08-31" style={{ width: 100 }} />
      </Form.Item>
      {OPEN.map((st) => (
        <Form.Item
          key={st}
          name={['deadlines', st]}
          label={t('dropout.deadlineOf', { status: tc('dropoutStatus', st) })}
        >
          <InputNumber min={1} max={365} placeholder={t('dropout.noDeadline')} />
        </Form.Item>
      ))}
      {canEdit && (
        <Button type="primary" htmlType="submit">
          {t('dropout.save')}
        </Button>
      )}
    </Form>
  );
}
