import { NotificationOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Form, Input, Modal, Select, Space, Spin, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { useUser } from '../../session.tsx';
import { useFetch } from '../../useFetch.ts';
import { useServerToday } from './common.tsx';
import { NoticeDrawer } from './NoticeDrawer.tsx';
import type { Notice, Recognition } from './types.ts';

interface NoticeValues {
  schoolCode: string;
  startsOn: Dayjs;
  title?: string;
}

/**
 * 发布公示 for one school: the start date (today by the server's day, never earlier: a notice
 * cannot be backdated); the end date is figured by the API in working days.
 */
function OpenNoticeModal({
  schoolYear,
  schools,
  today,
  onClose,
  onSaved,
}: {
  schoolYear: number;
  schools: { value: string; label: string }[];
  today: string | undefined;
  onClose(): void;
  onSaved(): void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<NoticeValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function save(v: NoticeValues) {
    setBusy(true);
    setError(null);
    try {
      await api('/api/aid/notices', {
        body: {
          schoolCode: v.schoolCode,
          startsOn: v.startsOn.format('YYYY-MM-DD'),
          title: v.title || undefined,
          schoolYear,
        },
      });
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
      title={t('aid.notice.open')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ disabled: !today || schools.length === 0 }}
      confirmLoading={busy}
    >
      {!today ? (
        <Spin />
      ) : (
        <Form
          form={form}
          layout="vertical"
          data-testid="notice-form"
          initialValues={{ schoolCode: schools[0]?.value, startsOn: dayjs(today) }}
          onFinish={(v) => void save(v)}
        >
          {schools.length === 0 && <Alert type="info" showIcon title={t('aid.notice.noneReady')} />}
          <Form.Item name="schoolCode" label={t('aid.rec.school')} rules={[{ required: true }]}>
            <Select options={schools} data-testid="notice-school" />
          </Form.Item>
          <Form.Item
            name="startsOn"
            label={t('aid.notice.startsOn')}
            extra={t('aid.notice.startsHint')}
            rules={[{ required: true }]}
          >
            <DatePicker
              allowClear={false}
              data-testid="notice-starts"
              disabledDate={(d) => d.format('YYYY-MM-DD') < today}
            />
          </Form.Item>
          <Form.Item name="title" label={t('aid.notice.title')}>
            <Input />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} />}
        </Form>
      )}
    </Modal>
  );
}

/** The 结果公示 tab: the school year's notices, publishing one, and each notice's drawer. */
export function NoticesPanel({
  schoolYear,
  canEnter,
  recognitions,
  onChanged,
}: {
  schoolYear: number;
  canEnter: boolean;
  recognitions: Recognition[];
  onChanged(): void;
}) {
  const { t } = useI18n();
  const user = useUser();
  const notices = useFetch<{ items: Notice[] }>('/api/aid/notices', { schoolYear });
  const [opening, setOpening] = useState(false);
  const [shown, setShown] = useState<number | null>(null);
  const today = useServerToday();
  // The schools with reviewed recognitions waiting for their notice, by name — all of them, not
  // only those on the list tab's current page or status filter.
  const reviewed = useFetch<{ items: Recognition[] }>(opening ? '/api/aid/recognitions' : null, {
    schoolYear,
    status: 'school_reviewed',
    pageSize: 500,
  });
  // A school's own account: its school's name, even before anything is ready.
  const own = useFetch<{ school: { code: string; name: string } }>(
    user.schoolCode ? `/api/schools/${user.schoolCode}` : null,
  );
  const ready = new Map<string, string>();
  for (const r of [...(reviewed.data?.items ?? []), ...recognitions])
    if (r.status === 'school_reviewed') ready.set(r.school_code, r.school_name);
  if (user.schoolCode && !ready.size && own.data) ready.set(own.data.school.code, own.data.school.name);
  const schools = [...ready].map(([value, label]) => ({ value, label }));
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {canEnter && (
        <Button
          type="primary"
          icon={<NotificationOutlined />}
          onClick={() => setOpening(true)}
          data-testid="notice-open"
        >
          {t('aid.notice.open')}
        </Button>
      )}
      <Table<Notice>
        size="small"
        rowKey="id"
        loading={notices.loading}
        data-testid="notice-table"
        dataSource={notices.data?.items ?? []}
        locale={{ emptyText: t('aid.notice.none') }}
        columns={[
          {
            title: t('aid.notice.title'),
            dataIndex: 'title',
            render: (x: string, n) => (
              <Button type="link" onClick={() => setShown(n.id)}>
                {x}
              </Button>
            ),
          },
          { title: t('aid.notice.startsOn'), dataIndex: 'starts_on' },
          { title: t('aid.notice.endsOn'), dataIndex: 'ends_on' },
          {
            title: t('aid.rec.status'),
            dataIndex: 'ends_on',
            key: 'state',
            render: (e: string) =>
              today && e < today ? (
                <Tag color="green">{t('aid.notice.ended')}</Tag>
              ) : (
                <Tag color="gold">{t('aid.notice.running')}</Tag>
              ),
          },
        ]}
      />
      {opening && (
        <OpenNoticeModal
          schoolYear={schoolYear}
          schools={schools}
          // The form opens once the day and the schools are known (its defaults come from them).
          today={
            (reviewed.data || reviewed.error) && (!user.schoolCode || own.data || own.error)
              ? today
              : undefined
          }
          onClose={() => setOpening(false)}
          onSaved={() => {
            setOpening(false);
            notices.reload();
            onChanged();
          }}
        />
      )}
      {shown !== null && (
        <NoticeDrawer
          id={shown}
          today={today}
          canEnter={canEnter}
          onClose={() => setShown(null)}
          onChanged={notices.reload}
        />
      )}
    </Space>
  );
}
