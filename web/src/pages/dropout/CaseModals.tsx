import { App, DatePicker, Form, Input, Modal, Radio } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { type CaseStatus, METHODS, RESULTS } from './types.ts';

const fmt = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

/** 登记劝返: date, persuader, method, result, notes (工作要点 5). */
export function PersuasionModal(props: {
  caseId: number;
  today: string;
  open: boolean;
  onClose(): void;
  onDone(): void;
}) {
  const { t, tc } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  async function submit() {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await api(`/api/dropout/cases/${props.caseId}/persuasions`, {
        body: { ...v, date: fmt(v.date), note: v.note || undefined },
      });
      props.onClose();
      props.onDone();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      open={props.open}
      title={t('dropout.addPersuasion')}
      onOk={submit}
      confirmLoading={busy}
      onCancel={props.onClose}
      okButtonProps={{ 'data-testid': 'persuasion-submit' }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ date: dayjs(props.today), method: 'home_visit', result: 'failed' }}
      >
        <Form.Item name="date" label={t('dropout.persuasionDate')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item
          name="persuader"
          label={t('dropout.persuader')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="method" label={t('dropout.method')}>
          <Radio.Group options={METHODS.map((m) => ({ value: m, label: tc('persuasionMethod', m) }))} />
        </Form.Item>
        <Form.Item name="result" label={t('dropout.result')}>
          <Radio.Group
            optionType="button"
            options={RESULTS.map((r) => ({ value: r, label: tc('persuasionResult', r) }))}
          />
        </Form.Item>
        <Form.Item name="note" label={t('dropout.note')}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Status change along an allowed arrow; 已复学 asks for the return date, 结案 for the note. */
export function StatusModal(props: {
  caseId: number;
  today: string;
  to: CaseStatus | null;
  onClose(): void;
  onDone(): void;
}) {
  const { t, tc } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const to = props.to;
  async function submit() {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await api(`/api/dropout/cases/${props.caseId}/status`, {
        body: { to, date: fmt(v.date), returnDate: fmt(v.returnDate), note: v.note || undefined },
      });
      props.onClose();
      props.onDone();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      open={!!to}
      title={to ? t('dropout.changeTo', { status: tc('dropoutStatus', to) }) : ''}
      onOk={submit}
      confirmLoading={busy}
      onCancel={props.onClose}
      okButtonProps={{ 'data-testid': 'status-submit' }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ date: dayjs(props.today), returnDate: dayjs(props.today) }}
      >
        <Form.Item name="date" label={t('dropout.changeDate')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        {to === 'returned' && (
          <Form.Item name="returnDate" label={t('dropout.returnDate')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
        )}
        <Form.Item
          name="note"
          label={to === 'closed' ? t('dropout.closingNote') : t('dropout.note')}
          rules={to === 'closed' ? [{ required: true, whitespace: true, message: t('common.required') }] : []}
        >
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
