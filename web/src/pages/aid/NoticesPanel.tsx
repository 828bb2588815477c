import { NotificationOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { useUser } from '../../session.tsx';
import { useFetch } from '../../useFetch.ts';
import { NoticeDrawer } from './NoticeDrawer.tsx';
import type { Notice, Recognition } from './types.ts';

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** 发布公示 for one school: start date; the end date is figured by the API in working days. */
function OpenNoticeModal({
  schoolYear,
  schools,
  onClose,
  onSaved,
}: {
  schoolYear: number;
  schools: { value: string; label: string }[];
  onClose(): void;
  onSaved(): void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ schoolCode: string; startsOn: string; title?: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function save(v: { schoolCode: string; startsOn: string; title?: string }) {
    setBusy(true);
    setError(null);
    try {
      await api('/api/aid/notices', { body: { ...v, title: v.title || undefined, schoolYear } });
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
      confirmLoading={busy}
    >
      <Form
        form={form}
        layout="vertical"
        data-testid="notice-form"
        initialValues={{ schoolCode: schools[0]?.value, startsOn: today() }}
        onFinish={(v) => void save(v)}
      >
        <Form.Item name="schoolCode" label={t('aid.rec.school')} rules={[{ required: true }]}>
          <Select options={schools} />
        </Form.Item>
        <Form.Item name="startsOn" label={t('aid.notice.startsOn')} rules={[{ required: true }]}>
          <Input placeholder="YYYY-MM-DD" data-testid="notice-starts" />
        </Form.Item>
        <Form.Item name="title" label={t('aid.notice.title')}>
          <Input />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} />}
      </Form>
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
  const ready = new Map<string, string>();
  for (const r of recognitions) if (r.status === 'school_reviewed') ready.set(r.school_code, r.school_name);
  if (user.schoolCode && !ready.size) ready.set(user.schoolCode, user.schoolCode);
  const schools = [...ready].map(([value, label]) => ({ value, label }));
  const day = today();
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
              e < day ? (
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
          canEnter={canEnter}
          onClose={() => setShown(null)}
          onChanged={notices.reload}
        />
      )}
    </Space>
  );
}
