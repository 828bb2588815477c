import { App, DatePicker, Form, Input, Modal, Select, Spin } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { useTypedSearch } from '../../useFetch.ts';
import { useServerToday } from '../aid/common.tsx';
import { RELIEF_REASONS, type ReliefAction, type ReliefRow, yuanToFen } from './types.ts';

interface PersonHit {
  id: number;
  name: string;
  birth_date: string | null;
  id_masked: string;
}

/** 一生一档 search (GET /api/persons) for the beneficiary of an application. */
function PersonSelect({
  id,
  value,
  onChange,
}: {
  id?: string;
  value?: number;
  onChange?: (v: number) => void;
}) {
  const { t, p } = useI18n();
  const [q, setQ] = useState('');
  const hits = useTypedSearch<PersonHit>('/api/persons', { q }, false);
  return (
    <Select<number>
      id={id}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      placeholder={t('aidx.personSearch')}
      data-testid="relief-person"
      options={hits.map((h) => ({
        value: h.id,
        label: `${h.name}${p.paren(h.id_masked || h.birth_date || h.id)}`,
      }))}
    />
  );
}

interface ApplyValues {
  personId: number;
  amount: string;
  reason: string;
  description: string;
}

/** 提出申请: beneficiary, amount (yuan, parsed to fen without floats), hardship and description. */
export function ApplyReliefModal({ open, onClose }: { open: boolean; onClose: (saved: boolean) => void }) {
  const { t, tc } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ApplyValues>();
  const [busy, setBusy] = useState(false);
  async function submit() {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      await api('/api/aid/relief', {
        body: {
          personId: v.personId,
          amountFen: yuanToFen(v.amount),
          reason: v.reason,
          description: v.description,
        },
      });
      message.success(t('aidx.done'));
      form.resetFields();
      onClose(true);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      open={open}
      title={t('aidx.applyTitle')}
      onOk={submit}
      confirmLoading={busy}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="relief-form">
        <Form.Item
          name="personId"
          label={t('aidx.person')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <PersonSelect />
        </Form.Item>
        <Form.Item
          name="amount"
          label={t('aidx.amount')}
          rules={[
            { required: true, message: t('common.required') },
            {
              validator: (_, v) =>
                !v || yuanToFen(v) !== null
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('aidx.amountInvalid'))),
            },
          ]}
        >
          <Input inputMode="decimal" suffix="元" data-testid="relief-amount" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('aidx.reason')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select
            data-testid="relief-reason"
            options={RELIEF_REASONS.map((r) => ({ value: r, label: tc('reliefReason', r) }))}
          />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('aidx.description')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input.TextArea rows={3} maxLength={1000} data-testid="relief-description" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One step on an application: approve (review / county / city), reject (reason required) or pay. */
export function ReliefActionModal({
  target,
  onClose,
}: {
  target: { row: ReliefRow; action: ReliefAction } | null;
  onClose: (saved: boolean) => void;
}) {
  const { t, tc } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ comment?: string; paidAt?: dayjs.Dayjs; voucherNo?: string }>();
  const [busy, setBusy] = useState(false);
  const action = target?.action;
  // 发放日期 defaults to the server's day (JIAOFU_TODAY), never the browser's clock.
  const today = useServerToday();
  async function submit() {
    if (!target) return;
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    const path = action === 'pay' ? 'pay' : action === 'reject' ? 'reject' : 'approve';
    const body =
      action === 'pay'
        ? {
            paidAt: v.paidAt!.format('YYYY-MM-DD'),
            voucherNo: v.voucherNo || null,
            comment: v.comment || null,
          }
        : { comment: v.comment || null };
    try {
      await api(`/api/aid/relief/${target.row.id}/${path}`, { body });
      message.success(t('aidx.done'));
      form.resetFields();
      onClose(true);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      open={!!target}
      title={target ? `${target.row.name} · ${tc('reliefStep', action ?? '')}` : ''}
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
          data-testid="relief-action-form"
          initialValues={{ paidAt: dayjs(today) }}
        >
          {action === 'pay' && (
            <>
              <Form.Item
                name="paidAt"
                label={t('aidx.paidAt')}
                rules={[{ required: true, message: t('common.required') }]}
              >
                {/* Money already paid: not after today. */}
                <DatePicker disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
              </Form.Item>
              <Form.Item name="voucherNo" label={t('aidx.voucherNo')}>
                <Input maxLength={64} />
              </Form.Item>
            </>
          )}
          <Form.Item
            name="comment"
            label={t('aidx.comment')}
            rules={action === 'reject' ? [{ required: true, message: t('common.required') }] : []}
          >
            <Input.TextArea rows={2} maxLength={500} data-testid="relief-comment" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
