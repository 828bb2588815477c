import { App, DatePicker, Form, Input, InputNumber, Modal, Select, Spin } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { useServerToday } from '../aid/common.tsx';
import { StudentSelect } from './StudentSelect.tsx';
import { FUND_KINDS, percentToBp, yuanToFen } from './types.ts';

interface SchoolHit {
  code: string;
  name: string;
}
interface Values {
  schoolCode: string;
  year: number;
  kind: string;
  entryDate: dayjs.Dayjs;
  revenue?: string;
  ratio?: string;
  amount?: string;
  studentId?: number;
  note?: string;
}

/** 登记收支: an extraction (事业收入 × 比例), a 减免学费 / 临时生活补助 for a student, or an adjustment. */
export function FundEntryModal({
  open,
  year,
  onClose,
}: {
  open: boolean;
  year: number;
  onClose: (saved: boolean) => void;
}) {
  const { t, tc, p } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [schools, setSchools] = useState<SchoolHit[]>([]);
  const [q, setQ] = useState('');
  const kind = Form.useWatch('kind', form);
  const schoolCode = Form.useWatch('schoolCode', form);
  // The entry date defaults to the server's day (JIAOFU_TODAY), never the browser's clock.
  const today = useServerToday();
  useEffect(() => {
    if (!open) return;
    const ctrl = new AbortController();
    api<{ items: SchoolHit[] }>('/api/schools', {
      query: { q: q || undefined, pageSize: 50 },
      signal: ctrl.signal,
    }).then(
      (r) => setSchools(r.items),
      () => undefined,
    );
    return () => ctrl.abort();
  }, [open, q]);

  async function submit() {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      const body =
        v.kind === 'extraction'
          ? { revenueFen: yuanToFen(v.revenue), ratioBp: percentToBp(v.ratio) }
          : { amountFen: yuanToFen(v.amount, v.kind === 'adjustment'), studentId: v.studentId };
      const r = await api<{ balanceFen: number }>('/api/aid/fund/entries', {
        body: {
          schoolCode: v.schoolCode,
          year: v.year,
          kind: v.kind,
          entryDate: v.entryDate.format('YYYY-MM-DD'),
          note: v.note || null,
          ...body,
        },
      });
      message.success(
        `${t('aidx.done')}${p.paren(`${t('aidx.balance')} ${(r.balanceFen / 100).toFixed(2)} ${t('aid.policy.unitYuan')}`)}`,
      );
      form.resetFields();
      onClose(true);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  const money = (allowNegative: boolean) => ({
    validator: (_: unknown, v?: string) =>
      !v || yuanToFen(v, allowNegative) !== null
        ? Promise.resolve()
        : Promise.reject(new Error(t('aidx.amountInvalid'))),
  });
  return (
    <Modal
      open={open}
      title={t('aidx.addEntry')}
      onOk={submit}
      okButtonProps={{ disabled: !today }}
      confirmLoading={busy}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      {!today ? (
        <Spin />
      ) : (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ year, kind: 'extraction', entryDate: dayjs(today) }}
          data-testid="fund-form"
        >
          <Form.Item
            name="schoolCode"
            label={t('aidx.school')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Select
              showSearch={{ filterOption: false, onSearch: setQ }}
              options={schools.map((s) => ({ value: s.code, label: s.name }))}
            />
          </Form.Item>
          <Form.Item name="year" label={t('aidx.year')} rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} />
          </Form.Item>
          <Form.Item name="kind" label={t('aidx.kind')} rules={[{ required: true }]}>
            <Select options={FUND_KINDS.map((k) => ({ value: k, label: tc('fundKind', k) }))} />
          </Form.Item>
          <Form.Item name="entryDate" label={t('aidx.entryDate')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          {kind === 'extraction' ? (
            <>
              <Form.Item
                name="revenue"
                label={t('aidx.revenue')}
                rules={[{ required: true, message: t('common.required') }, money(false)]}
              >
                <Input suffix="元" />
              </Form.Item>
              <Form.Item name="ratio" label={t('aidx.ratio')} extra={t('aidx.ratioHint')}>
                <InputNumber min={0} max={100} step={0.5} precision={2} stringMode />
              </Form.Item>
            </>
          ) : (
            <Form.Item
              name="amount"
              label={t('aidx.amount')}
              rules={[{ required: true, message: t('common.required') }, money(kind === 'adjustment')]}
            >
              <Input suffix="元" />
            </Form.Item>
          )}
          {(kind === 'fee_waiver' || kind === 'living_subsidy') && (
            <Form.Item
              name="studentId"
              label={t('aidx.recipient')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <StudentSelect schoolCode={schoolCode} />
            </Form.Item>
          )}
          <Form.Item
            name="note"
            label={t('aidx.note')}
            rules={kind === 'adjustment' ? [{ required: true, message: t('common.required') }] : []}
          >
            <Input maxLength={500} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
