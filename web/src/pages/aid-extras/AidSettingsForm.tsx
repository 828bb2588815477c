import { App, Button, Divider, Form, Input, InputNumber, Skeleton, Space, Typography } from 'antd';
import { api, errorMessage } from '../../api.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { useI18n } from '../../i18n.ts';
import { useFetch } from '../../useFetch.ts';
import { bpToPercent, fenToYuan, percentToBp, yuanToFen } from './types.ts';

interface Range {
  minBp: number;
  maxBp: number;
  defaultBp: number;
}
interface Settings {
  relief: { countyLimitFen: number; maxFen: number };
  fund: { senior: Range; vocational: Range };
}
type RangeForm = { min: string; max: string; def: string };
interface FormValues {
  countyLimit: string;
  max: string;
  senior: RangeForm;
  vocational: RangeForm;
}

const toForm = (r: Range): RangeForm => ({
  min: bpToPercent(r.minBp),
  max: bpToPercent(r.maxBp),
  def: bpToPercent(r.defaultBp),
});
const fromForm = (r: RangeForm): Range => ({
  minBp: percentToBp(r.min) ?? -1,
  maxBp: percentToBp(r.max) ?? -1,
  defaultBp: percentToBp(r.def) ?? -1,
});

/**
 * The thresholds of 应急救助 and the ratios of the 学校资助基金 (POLICY.md: configuration, not code);
 * city roles edit, everyone else reads. Money is typed in yuan and sent in fen.
 */
export function AidSettingsForm() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const s = useFetch<{ settings: Settings; canEdit: boolean }>('/api/aid/extras-settings');
  if (s.error) return <LoadError error={s.error} onRetry={s.reload} />;
  if (!s.data) return <Skeleton active />;
  const { settings, canEdit } = s.data;
  const initial: FormValues = {
    countyLimit: fenToYuan(settings.relief.countyLimitFen).replace(/,/g, ''),
    max: fenToYuan(settings.relief.maxFen).replace(/,/g, ''),
    senior: toForm(settings.fund.senior),
    vocational: toForm(settings.fund.vocational),
  };
  async function save(v: FormValues) {
    const body: Settings = {
      relief: { countyLimitFen: yuanToFen(v.countyLimit) ?? -1, maxFen: yuanToFen(v.max) ?? -1 },
      fund: { senior: fromForm(v.senior), vocational: fromForm(v.vocational) },
    };
    try {
      await api('/api/aid/extras-settings', { method: 'PUT', body });
      message.success(t('aidx.saved'));
      s.reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  }
  const pct = (stage: 'senior' | 'vocational') => (
    <Space>
      {(['min', 'def', 'max'] as const).map((k) => (
        <Form.Item
          key={k}
          name={[stage, k]}
          label={t(k === 'def' ? 'aidx.default' : k === 'min' ? 'aidx.min' : 'aidx.max')}
          rules={[{ required: true }]}
        >
          <InputNumber min={0} max={100} step={0.5} precision={2} stringMode />
        </Form.Item>
      ))}
    </Space>
  );
  return (
    <Form<FormValues>
      layout="vertical"
      initialValues={initial}
      disabled={!canEdit}
      onFinish={save}
      style={{ maxWidth: 560 }}
    >
      <Typography.Title level={5}>{t('aidx.thresholds')}</Typography.Title>
      <Form.Item name="countyLimit" label={t('aidx.countyLimit')} rules={[{ required: true }]}>
        <Input suffix="元" />
      </Form.Item>
      <Form.Item name="max" label={t('aidx.maxAmount')} rules={[{ required: true }]}>
        <Input suffix="元" />
      </Form.Item>
      <Divider />
      <Typography.Title level={5}>{t('aidx.ratios')}</Typography.Title>
      <Typography.Text strong>{t('aidx.senior')}</Typography.Text>
      {pct('senior')}
      <Typography.Text strong>{t('aidx.vocational')}</Typography.Text>
      {pct('vocational')}
      {canEdit && (
        <Button type="primary" htmlType="submit">
          {t('aidx.save')}
        </Button>
      )}
    </Form>
  );
}
