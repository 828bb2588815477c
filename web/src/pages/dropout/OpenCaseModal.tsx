import { App, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { KEY_GROUPS, REASONS } from './types.ts';

export interface OpenCaseTarget {
  source: 'school' | 'transfer' | 'out_of_school';
  registryPersonId?: number;
  studentId?: number;
  name: string;
}

interface Values {
  reason: string;
  reasonNote?: string;
  keyGroups?: string[];
  responsibleSchool?: string;
  responsibleTownship?: string;
  responsibleCounty?: string;
}

/** 建立台账: opens a case (疑似辍学) for a child from a list and goes to it. */
export function OpenCaseModal({ target, onClose }: { target: OpenCaseTarget | null; onClose: () => void }) {
  const { t, tc } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  async function submit() {
    if (!target) return;
    const v = await form.validateFields();
    setBusy(true);
    try {
      const { source, registryPersonId, studentId } = target;
      const r = await api<{ case: { id: number } }>('/api/dropout/cases', {
        body: { source, registryPersonId, studentId, ...v, reasonNote: v.reasonNote || undefined },
      });
      message.success(t('dropout.caseOpened'));
      onClose();
      navigate(`/dropout/cases/${r.case.id}`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={!!target}
      title={`${t('dropout.openCase')} · ${target?.name ?? ''}`}
      okText={t('dropout.openCase')}
      okButtonProps={{ 'data-testid': 'open-case-submit' }}
      confirmLoading={busy}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ reason: 'family_hardship' }} preserve={false}>
        <Form.Item name="reason" label={t('dropout.reason')} rules={[{ required: true }]}>
          <Select options={REASONS.map((r) => ({ value: r, label: tc('dropoutReason', r) }))} />
        </Form.Item>
        <Form.Item name="reasonNote" label={t('dropout.reasonNote')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Form.Item name="keyGroups" label={t('dropout.keyGroups')}>
          <Select mode="multiple" options={KEY_GROUPS.map((g) => ({ value: g, label: tc('keyGroup', g) }))} />
        </Form.Item>
        <Form.Item name="responsibleSchool" label={t('dropout.responsibleSchool')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="responsibleTownship" label={t('dropout.responsibleTownship')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="responsibleCounty" label={t('dropout.responsibleCounty')}>
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
