import { App, Form, Input, Modal, Radio, Select } from 'antd';
import { useState } from 'react';
import { caseBeganField } from '../../../../src/domain/dropout/dates.ts';
import { api, errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { useTypedSearch } from '../../useFetch.ts';
import { DayInput, dayRule, latest } from './DayInput.tsx';
import { type CaseRow, type CaseStatus, METHODS, RESULTS } from './types.ts';

/** The case facts the forms' date rules need (the API checks the same). */
type CaseDates = Pick<CaseRow, 'id' | 'opened_at' | 'left_at' | 'status' | 'status_since'>;

/** 登记劝返: date, persuader, method, result, notes (工作要点 5). */
export function PersuasionModal(props: {
  case: CaseDates;
  today: string;
  open: boolean;
  onClose(): void;
  onDone(): void;
}) {
  const { t, tc } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const c = props.case;
  const began = caseBeganOn(c, t);
  async function submit() {
    // A refused field shows its message under it; nothing is sent (and nothing is left unhandled).
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      await api(`/api/dropout/cases/${c.id}/persuasions`, {
        body: { ...v, note: v.note || undefined },
      });
      props.onClose();
      props.onDone();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  const label = t('dropout.persuasionDate');
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
        // (No result chosen in advance: one tap on 确定 must not record a failed persuasion.)
        initialValues={{ date: props.today, method: 'home_visit' }}
      >
        <Form.Item
          name="date"
          label={label}
          rules={[
            dayRule(t, label, {
              today: props.today,
              notBefore: [began],
            }),
          ]}
        >
          <DayInput min={began[0]} max={props.today} />
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
        <Form.Item
          name="result"
          label={t('dropout.result')}
          rules={[{ required: true, message: t('dropout.resultRequired') }]}
        >
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

interface SchoolOption {
  code: string;
  name: string;
  county_name: string | null;
  township_name: string | null;
}

/**
 * 复学学校: any school of the city (a child often returns to a school outside the user's own area),
 * searched by name or 学校标识码, the user's own area first; the case itself stays in their scope.
 */
function ReturnSchoolSelect(props: {
  id?: string;
  value?: string;
  onChange?: (v: string) => void;
  /** A school chosen before any search (the one the roll shows): shown by name. */
  initial?: { code: string; name: string } | null;
}) {
  const { t, p } = useI18n();
  const [q, setQ] = useState('');
  const schools = useTypedSearch<SchoolOption>(
    '/api/dropout/return-schools',
    { q: q.trim() || undefined },
    true,
  );
  return (
    <Select
      id={props.id}
      data-testid="return-school"
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={props.value}
      onChange={props.onChange}
      placeholder={t('dropout.returnSchoolHint')}
      notFoundContent={t('dropout.noSchool')}
      options={[
        ...(props.initial && !schools.some((s) => s.code === props.initial!.code)
          ? [{ value: props.initial.code, label: `${props.initial.name}${p.paren(props.initial.code)}` }]
          : []),
        ...schools.map((s) => ({
          value: s.code,
          label: `${s.name}${p.paren([s.county_name, s.township_name, s.code].filter(Boolean).join(p.comma))}`,
        })),
      ]}
    />
  );
}

/**
 * Status change along an allowed arrow; 已复学 asks for the return date and the school returned to
 * (any school of the city), 结案 for the note. Every date is checked as the API checks it.
 */
export function StatusModal(props: {
  case: CaseDates;
  today: string;
  to: CaseStatus | null;
  /** The one school the roll shows the child at now, in the user's scope: 复学学校 starts there. */
  rollSchool?: { code: string; name: string } | null;
  onClose(): void;
  onDone(): void;
}) {
  const { t, tc } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const to = props.to;
  const c = props.case;
  const began = caseBeganOn(c, t);
  const changeDate = Form.useWatch('date', form) as string | undefined;
  async function submit() {
    // A refused field shows its message under it; nothing is sent (and nothing is left unhandled).
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      await api(`/api/dropout/cases/${c.id}/status`, {
        body: {
          to,
          date: v.date,
          returnDate: v.returnDate,
          returnSchoolCode: v.returnSchoolCode,
          note: v.note || undefined,
        },
      });
      props.onClose();
      props.onDone();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  const changeLabel = t('dropout.changeDate');
  const returnLabel = t('dropout.returnDate');
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
        initialValues={{
          date: props.today,
          returnDate: props.today,
          ...(props.rollSchool ? { returnSchoolCode: props.rollSchool.code } : {}),
        }}
      >
        <Form.Item
          name="date"
          label={changeLabel}
          rules={[
            dayRule(t, changeLabel, {
              today: props.today,
              notBefore: [
                [c.left_at, t('dropout.leftAt')],
                [c.status_since, t('dropout.statusSince', { status: tc('dropoutStatus', c.status) })],
              ],
            }),
          ]}
        >
          <DayInput min={latest(c.left_at, c.status_since)} max={props.today} />
        </Form.Item>
        {to === 'returned' && (
          <>
            <Form.Item
              name="returnDate"
              label={returnLabel}
              dependencies={['date']}
              rules={[
                dayRule(t, returnLabel, {
                  today: props.today,
                  notBefore: [began],
                  notAfter: [[changeDate, changeLabel]],
                }),
              ]}
            >
              <DayInput min={began[0]} max={props.today} />
            </Form.Item>
            <Form.Item
              name="returnSchoolCode"
              label={t('dropout.returnSchool')}
              rules={[{ required: true, message: t('dropout.returnSchoolRequired') }]}
            >
              <ReturnSchoolSelect initial={props.rollSchool} />
            </Form.Item>
          </>
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

/**
 * The day a 劝返 or a return may not precede, with its label: the API's rule (domain/dropout
 * caseBeganField) — the 辍学日期 when known, else the 建档日期; visits before the case was entered count.
 */
function caseBeganOn(
  c: { left_at: string | null; opened_at: string },
  t: (key: 'dropout.leftAt' | 'dropout.openedAt') => string,
): [string, string] {
  const field = caseBeganField({ leftAt: c.left_at });
  return [field === 'leftAt' ? c.left_at! : c.opened_at, t(`dropout.${field}`)];
}
