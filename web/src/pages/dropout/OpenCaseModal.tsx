import { Alert, App, Form, Input, Modal, Select, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, errorMessage, withQuery } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { StudentSelect } from '../aid-extras/StudentSelect.tsx';
import { DayInput, dayRule } from './DayInput.tsx';
import { type CaseChildPreview, KEY_GROUPS, type ListCaseMarks, REASONS } from './types.ts';

export interface OpenCaseTarget {
  source: 'school' | 'transfer' | 'out_of_school';
  registryPersonId?: number;
  /** A school's report (source 'school') without one: the form asks for the pupil (新建个案). */
  studentId?: number;
  /** '' while the pupil is still to be picked. */
  name: string;
  /**
   * 重点群体 the records show (建档立卡 from the registry, 残疾 / 留守 from the roll): pre-filled.
   * Unknown (a pupil picked on the form, or opened from the person file): the field starts empty, and
   * left empty the server takes the groups the records show.
   */
  keyGroups?: string[];
  /** The child's case closed last, if any: the form says so before a new one is opened. */
  previous?: ListCaseMarks['last_case'];
  /** The day the roll says the pupil left (a lost transfer): the 辍学日期 starts with it. */
  leftAt?: string | null;
}

interface Values {
  studentId?: number;
  leftAt?: string;
  reason: string;
  reasonNote?: string;
  keyGroups?: string[];
  responsibleSchool?: string;
  responsibleTownship?: string;
  responsibleCounty?: string;
}

/**
 * What the case would record about the chosen child (GET /api/dropout/case-child), asked again when
 * another child is chosen; an answer for an earlier child is never shown.
 */
function useCaseChild(url: string | null): { data?: CaseChildPreview; error?: unknown } {
  const [got, setGot] = useState<{ url: string; data?: CaseChildPreview; error?: unknown } | null>(null);
  useEffect(() => {
    if (url === null) return;
    const controller = new AbortController();
    api<CaseChildPreview>(url, { signal: controller.signal }).then(
      (data) => setGot({ url, data }),
      (error: unknown) => {
        if ((error as Error)?.name !== 'AbortError') setGot({ url, error });
      },
    );
    return () => controller.abort();
  }, [url]);
  return got && got.url === url ? got : {};
}

/**
 * 建立台账: opens a case (疑似辍学) for a child from a list and goes to it. 重点群体 starts with what
 * the records show and stays editable (the API stores the list as sent); a child with a closed
 * case is named as such first — a return recorded but not on any roll is to be checked before.
 * 新建个案 (a school's report without a pupil named): the form first asks for a pupil on a roll in
 * the user's scope, found by name or 学籍号 (GET /api/aid/students, 学籍号 masked).
 * 辍学日期 is optional (a child on the out-of-school list may never have attended; a school may not
 * know the day): when given, a real day, not after today, not before the child's birth — the API's
 * rule (domain/dropout checkLeftDate), with the birth date and today from the preview. When the form
 * does not know the child's 重点群体, it shows those the case will record (the records' groups, or
 * the ones picked) before anything is saved.
 */
export function OpenCaseModal({ target, onClose }: { target: OpenCaseTarget | null; onClose: () => void }) {
  const { t, tc } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const picking = !!target && target.source === 'school' && target.studentId === undefined;
  const pickedId = Form.useWatch('studentId', form);
  const chosenGroups = Form.useWatch('keyGroups', form);
  const studentId = target?.studentId ?? pickedId;
  // The child chosen (null while the pupil is still to be picked), as POST /api/dropout/cases names them.
  const childQuery = !target
    ? null
    : target.source === 'out_of_school'
      ? target.registryPersonId == null
        ? null
        : { source: target.source, registryPersonId: target.registryPersonId }
      : studentId == null
        ? null
        : { source: target.source, studentId };
  const child = useCaseChild(childQuery && withQuery('/api/dropout/case-child', childQuery));
  const leftLabel = t('dropout.leftAt');

  async function submit() {
    if (!target) return;
    // A refused field shows its message under it; nothing is sent (and nothing is left unhandled).
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      const { source, registryPersonId } = target;
      const studentId = target.studentId ?? v.studentId;
      // Groups not known to the form and left empty: the server takes those the records show.
      const keyGroups = (target.keyGroups ?? v.keyGroups?.length) ? v.keyGroups : undefined;
      const r = await api<{ case: { id: number } }>('/api/dropout/cases', {
        body: {
          source,
          registryPersonId,
          ...v,
          studentId,
          keyGroups,
          leftAt: v.leftAt || undefined,
          reasonNote: v.reasonNote || undefined,
        },
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
      title={picking ? t('dropout.newCase') : `${t('dropout.openCase')} · ${target?.name ?? ''}`}
      okText={t('dropout.openCase')}
      okButtonProps={{ 'data-testid': 'open-case-submit' }}
      confirmLoading={busy}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      {target?.previous && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="open-case-previous"
          title={
            target.previous.return_date
              ? t('dropout.previousReturned', {
                  id: target.previous.id,
                  closed: target.previous.closed_at ?? '—',
                  date: target.previous.return_date,
                })
              : t('dropout.previousClosed', {
                  id: target.previous.id,
                  closed: target.previous.closed_at ?? '—',
                })
          }
          description={
            <Link to={`/dropout/cases/${target.previous.id}`}>{t('dropout.viewPreviousCase')}</Link>
          }
        />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          // A school's report on a pupil names its own reason: none is assumed.
          reason: target?.source === 'school' ? undefined : 'family_hardship',
          ...(target?.keyGroups && { keyGroups: target.keyGroups }),
          ...(target?.leftAt && { leftAt: target.leftAt }),
        }}
        preserve={false}
      >
        {picking && (
          <Form.Item
            name="studentId"
            label={t('dropout.pickStudent')}
            rules={[{ required: true, message: t('dropout.pickStudentRequired') }]}
          >
            <StudentSelect testId="new-case-student" placeholder={t('dropout.pickStudentHint')} />
          </Form.Item>
        )}
        <Form.Item
          name="leftAt"
          label={leftLabel}
          extra={t('dropout.leftAtHint')}
          rules={[
            dayRule(t, leftLabel, {
              required: false,
              today: child.data?.today,
              notBefore: [[child.data?.birthDate, t('dropout.birthDate')]],
            }),
          ]}
        >
          <DayInput data-testid="open-case-left-at" min={child.data?.birthDate} max={child.data?.today} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('dropout.reason')}
          rules={[{ required: true, message: t('dropout.reasonRequired') }]}
        >
          <Select
            data-testid="open-case-reason"
            options={REASONS.map((r) => ({ value: r, label: tc('dropoutReason', r) }))}
          />
        </Form.Item>
        <Form.Item name="reasonNote" label={t('dropout.reasonNote')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        {target && !target.keyGroups && (
          <Form.Item label={t('dropout.recordedGroups')}>
            <div data-testid="open-case-recorded-groups">
              {child.error ? (
                <Alert type="warning" showIcon title={errorMessage(child.error)} />
              ) : !child.data ? (
                childQuery === null ? (
                  <Typography.Text type="secondary">{t('dropout.recordedGroupsPickFirst')}</Typography.Text>
                ) : (
                  <Spin size="small" />
                )
              ) : (
                <RecordedGroups records={child.data.keyGroups} chosen={chosenGroups} />
              )}
            </div>
          </Form.Item>
        )}
        <Form.Item
          name="keyGroups"
          label={t('dropout.keyGroups')}
          extra={t(target?.keyGroups ? 'dropout.keyGroupsPrefilled' : 'dropout.keyGroupsFromRecords')}
        >
          <Select
            mode="multiple"
            data-testid="open-case-key-groups"
            options={KEY_GROUPS.map((g) => ({ value: g, label: tc('keyGroup', g) }))}
          />
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

/**
 * The 重点群体 the case will record: those picked on the form, or — none picked — those the records
 * show (建档立卡 from the registry or the school's mark, 残疾 and 留守 from the roll). Read-only.
 */
function RecordedGroups({ records, chosen }: { records: string[]; chosen?: string[] }) {
  const { t, tc } = useI18n();
  const fromForm = !!chosen?.length;
  const groups = fromForm ? chosen : records;
  return (
    <Space orientation="vertical" size={4}>
      <span>
        {groups.length === 0 ? (
          <Typography.Text>{t('dropout.recordedGroupsNone')}</Typography.Text>
        ) : (
          groups.map((g) => <Tag key={g}>{tc('keyGroup', g)}</Tag>)
        )}
      </span>
      <Typography.Text type="secondary">
        {t(fromForm ? 'dropout.recordedGroupsChosen' : 'dropout.recordedGroupsFromRecords')}
      </Typography.Text>
    </Space>
  );
}
