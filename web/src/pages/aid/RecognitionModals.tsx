import { UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Divider,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { StudentSelect } from '../aid-extras/StudentSelect.tsx';
import {
  EVIDENCE_ACCEPT,
  EvidenceList,
  evidenceProblem,
  uploadEvidence,
  useEvidence,
} from './RecognitionEvidence.tsx';
import type { Recognition } from './types.ts';

export interface Option {
  value: string;
  label: string;
}

interface CreateValues {
  studentId: number;
  tier?: string;
  priorityGroups?: string[];
  reason: string;
  midYear?: boolean;
  midYearReason?: string;
}

/** 个人申请 entered by the school: student, tier, priority groups (pre-filled), reason, evidence. */
export function CreateRecognitionModal({
  schoolYear,
  tiers,
  groups,
  midYearReasons,
  onClose,
  onSaved,
}: {
  schoolYear: number;
  tiers: Option[];
  groups: Option[];
  midYearReasons: Option[];
  onClose(): void;
  onSaved(): void;
}) {
  const { t, p } = useI18n();
  const { modal } = App.useApp();
  const [form] = Form.useForm<CreateValues>();
  const [prefilled, setPrefilled] = useState<string[]>([]);
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const midYear = Form.useWatch('midYear', form);

  async function pick(id: number) {
    try {
      const r = await api<{ groups: string[] }>(`/api/aid/recognitions/prefill/${id}`);
      setPrefilled(r.groups);
      form.setFieldValue('priorityGroups', r.groups);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  async function save(v: CreateValues) {
    setBusy(true);
    setError(null);
    try {
      const { recognition } = await api<{ recognition: Recognition }>('/api/aid/recognitions', {
        body: {
          ...v,
          schoolYear,
          midYear: !!v.midYear,
          midYearReason: v.midYear ? v.midYearReason : undefined,
        },
      });
      if (file) {
        try {
          await uploadEvidence(recognition.id, file);
        } catch (e) {
          // The application is saved: say so, and where to add the evidence — never leave the form
          // open as if nothing were saved (a second 确定 would be refused as a second application).
          onSaved();
          modal.warning({
            title: t('aid.rec.savedNoEvidenceTitle', { id: recognition.id }),
            content: t('aid.rec.savedNoEvidence', { error: errorMessage(e) }),
          });
          return;
        }
      }
      onSaved();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      width={640}
      title={`${t('aid.rec.new')}${p.paren(`${schoolYear} ${t('aid.rec.schoolYear')}`)}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
    >
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)} data-testid="rec-form">
        <Form.Item
          name="studentId"
          label={t('aid.rec.student')}
          rules={[{ required: true, message: t('aid.rec.pickStudent') }]}
        >
          <StudentSelect testId="rec-student" onPick={(s) => void pick(s.id)} />
        </Form.Item>
        <Form.Item name="tier" label={t('aid.rec.tier')}>
          <Select allowClear options={tiers} data-testid="rec-tier" />
        </Form.Item>
        <Form.Item
          name="priorityGroups"
          label={t('aid.rec.groups')}
          extra={
            prefilled.length > 0 && (
              <Space size={4}>
                {t('aid.rec.prefilled')}
                {p.colon}
                {prefilled.map((g) => (
                  <Tag key={g} color="blue">
                    {groups.find((o) => o.value === g)?.label ?? g}
                  </Tag>
                ))}
              </Space>
            )
          }
        >
          <Select mode="multiple" options={groups} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('aid.rec.reason')}
          rules={[{ required: true, message: '请填写申请理由' }]}
        >
          <Input.TextArea rows={3} data-testid="rec-reason" />
        </Form.Item>
        <Space align="start" wrap>
          <Form.Item name="midYear" valuePropName="checked">
            <Checkbox>{t('aid.rec.midYear')}</Checkbox>
          </Form.Item>
          {midYear && (
            <Form.Item
              name="midYearReason"
              label={t('aid.rec.midYearReason')}
              rules={[{ required: true, message: t('aid.rec.pickMidYearReason') }]}
            >
              <Select style={{ width: 240 }} options={midYearReasons} data-testid="rec-mid-reason" />
            </Form.Item>
          )}
        </Space>
        <Form.Item label={t('aid.rec.attachment')}>
          <Upload
            accept={EVIDENCE_ACCEPT}
            showUploadList={false}
            beforeUpload={(f) => {
              const problem = evidenceProblem(f);
              setError(problem && t(problem));
              setFile(problem ? null : f);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />}>{t('aid.rec.upload')}</Button>
          </Upload>
          {file && (
            <Typography.Text type="secondary"> {t('aid.rec.uploaded', { name: file.name })}</Typography.Text>
          )}
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} data-testid="rec-error" />}
      </Form>
    </Modal>
  );
}

/** 学校认定: tier, class and school opinions (POST /review) or 不予认定 (POST /reject). */
export function ReviewModal({
  rec,
  tiers,
  mode,
  onClose,
  onSaved,
}: {
  rec: Recognition;
  tiers: Option[];
  mode: 'review' | 'reject';
  onClose(): void;
  onSaved(): void;
}) {
  const { t, p } = useI18n();
  const [form] = Form.useForm<{ tier: string; classReview?: string; schoolReview: string; note: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The school reviews what the family brought: its evidence stands above the opinions.
  const evidence = useEvidence(rec.id);
  async function save(v: { tier: string; classReview?: string; schoolReview: string; note: string }) {
    setBusy(true);
    setError(null);
    try {
      if (mode === 'review')
        await api(`/api/aid/recognitions/${rec.id}/review`, {
          body: { tier: v.tier, classReview: v.classReview || undefined, schoolReview: v.schoolReview },
        });
      else await api(`/api/aid/recognitions/${rec.id}/reject`, { body: { note: v.note } });
      onSaved();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      open
      title={`${mode === 'review' ? t('aid.rec.review') : t('aid.rec.reject')}${p.colon}${rec.name}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ tier: rec.tier ?? undefined }}
        onFinish={(v) => void save(v)}
        data-testid="review-form"
      >
        <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
          {t('aid.rec.attachment')}
        </Divider>
        <EvidenceList items={evidence.data?.attachments ?? []} />
        <Divider style={{ marginBottom: 12 }} />
        {mode === 'review' ? (
          <>
            <Form.Item name="tier" label={t('aid.rec.tier')} rules={[{ required: true }]}>
              <Select options={tiers} />
            </Form.Item>
            <Form.Item name="classReview" label={t('aid.rec.classReview')}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Form.Item name="schoolReview" label={t('aid.rec.schoolReview')} rules={[{ required: true }]}>
              <Input.TextArea rows={2} data-testid="review-school" />
            </Form.Item>
          </>
        ) : (
          <Form.Item name="note" label={t('aid.rec.rejectNote')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
        {error && <Alert type="error" showIcon title={error} />}
      </Form>
    </Modal>
  );
}
