import { App, DatePicker, Form, Input, Modal, Select, Spin } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { useServerToday } from '../aid/common.tsx';
import { StudentSelect } from './StudentSelect.tsx';
import { VISIT_KINDS } from './types.ts';

/** POSTs/PATCHes a form and reports the server's Chinese message. */
function useSubmit(onDone: (saved: boolean) => void) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  async function run(path: string, body: unknown, method = 'POST') {
    setBusy(true);
    try {
      await api(path, { method, body });
      message.success(t('aidx.done'));
      onDone(true);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  return { busy, run };
}

/** 结对: a child (given, or searched) with a caring teacher. */
export function PairingModal({
  open,
  student,
  onClose,
}: {
  open: boolean;
  student: { id: number; name: string } | null;
  onClose: (saved: boolean) => void;
}) {
  const { t, tc } = useI18n();
  const [form] = Form.useForm();
  const { busy, run } = useSubmit(onClose);
  // Dates default to the server's day (JIAOFU_TODAY), never the browser's clock.
  const today = useServerToday();
  async function submit() {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    await run('/api/aid/care/pairings', {
      programme: v.programme,
      studentId: student?.id ?? v.studentId,
      teacherName: v.teacherName,
      teacherPhone: v.teacherPhone || null,
      startDate: v.startDate.format('YYYY-MM-DD'),
    });
  }
  return (
    <Modal
      open={open}
      title={`${t('aidx.addPairing')}${student ? ` · ${student.name}` : ''}`}
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
          initialValues={{ programme: 'red_candle', startDate: dayjs(today) }}
          preserve={false}
          data-testid="pairing-form"
        >
          <Form.Item name="programme" label={t('aidx.programme')}>
            <Select
              options={['red_candle', 'mentoring'].map((p) => ({ value: p, label: tc('careProgramme', p) }))}
            />
          </Form.Item>
          {!student && (
            <Form.Item
              name="studentId"
              label={t('aidx.studentId')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <StudentSelect />
            </Form.Item>
          )}
          <Form.Item
            name="teacherName"
            label={t('aidx.teacher')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Input maxLength={50} data-testid="pairing-teacher" />
          </Form.Item>
          <Form.Item name="teacherPhone" label={t('aidx.phone')}>
            <Input maxLength={30} />
          </Form.Item>
          <Form.Item name="startDate" label={t('aidx.startDate')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

/** 登记走访: date, kind (家访, 谈心, 学业辅导, 心理支持, 就业指导, 其他), what was done. */
export function VisitModal({
  pairingId,
  onClose,
}: {
  pairingId: number | null;
  onClose: (saved: boolean) => void;
}) {
  const { t, tc } = useI18n();
  const [form] = Form.useForm();
  const { busy, run } = useSubmit(onClose);
  const today = useServerToday();
  async function submit() {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    await run(`/api/aid/care/pairings/${pairingId}/visits`, {
      date: v.date.format('YYYY-MM-DD'),
      kind: v.kind,
      notes: v.notes,
    });
  }
  return (
    <Modal
      open={pairingId !== null}
      title={t('aidx.addVisit')}
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
          initialValues={{ kind: 'home_visit', date: dayjs(today) }}
          preserve={false}
        >
          <Form.Item name="date" label={t('aidx.visitDate')} rules={[{ required: true }]}>
            {/* A visit already made: not after today. */}
            <DatePicker disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
          </Form.Item>
          <Form.Item name="kind" label={t('aidx.visitKind')}>
            <Select options={VISIT_KINDS.map((k) => ({ value: k, label: tc('visitKind', k) }))} />
          </Form.Item>
          <Form.Item
            name="notes"
            label={t('aidx.notes')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

/** 结束结对: end date and reason (毕业、转学、不再留守 …). */
export function EndPairingModal({
  pairingId,
  onClose,
}: {
  pairingId: number | null;
  onClose: (saved: boolean) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const { busy, run } = useSubmit(onClose);
  const today = useServerToday();
  async function submit() {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    await run(
      `/api/aid/care/pairings/${pairingId}`,
      { endDate: v.endDate.format('YYYY-MM-DD'), endReason: v.endReason },
      'PATCH',
    );
  }
  return (
    <Modal
      open={pairingId !== null}
      title={t('aidx.endPairing')}
      onOk={submit}
      okButtonProps={{ disabled: !today }}
      confirmLoading={busy}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      {!today ? (
        <Spin />
      ) : (
        <Form form={form} layout="vertical" initialValues={{ endDate: dayjs(today) }} preserve={false}>
          <Form.Item name="endDate" label={t('aidx.endDate')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item
            name="endReason"
            label={t('aidx.endReason')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
