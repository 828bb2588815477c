import { Button, DatePicker, Drawer, Form, Input, Modal, Radio, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { useFetch } from '../../useFetch.ts';
import { useAction } from './common.tsx';
import type { NoticeDetail, Objection } from './types.ts';

/** One notice: the public list (no sensitive data), print/xlsx, objections recorded and resolved. */
export function NoticeDrawer({
  id,
  canEnter,
  today,
  onClose,
  onChanged,
}: {
  id: number;
  canEnter: boolean;
  /** The server's day: an objection is received within the notice period and not after today. */
  today: string | undefined;
  onClose(): void;
  onChanged(): void;
}) {
  const { t, p } = useI18n();
  const detail = useFetch<NoticeDetail>(`/api/aid/notices/${id}`);
  const [form] = Form.useForm<{ content: string; raisedBy?: string; receivedOn?: Dayjs }>();
  const [resolving, setResolving] = useState<Objection | null>(null);
  const [outcome, setOutcome] = useState<'upheld' | 'dismissed'>('dismissed');
  const [resolution, setResolution] = useState('');
  const { run, busy } = useAction();
  const d = detail.data;
  const reload = () => {
    detail.reload();
    onChanged();
  };
  return (
    <Drawer open size="large" title={d?.notice.title ?? ''} onClose={onClose} data-testid="notice-drawer">
      {d && (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Typography.Text>
            {d.notice.starts_on} — {d.notice.ends_on}
            {p.paren(`${d.notice.working_days} ${t('aid.notice.days')}`)}
          </Typography.Text>
          <Space>
            <Button href={`/api/aid/notices/${id}/print`} target="_blank">
              {t('aid.notice.print')}
            </Button>
            <Button href={`/api/aid/notices/${id}/xlsx`}>{t('aid.notice.xlsx')}</Button>
          </Space>
          <Typography.Title level={5}>{t('aid.notice.list')}</Typography.Title>
          <Table
            size="small"
            rowKey="recognition_id"
            pagination={false}
            dataSource={d.items}
            columns={[
              { title: t('aid.rec.name'), dataIndex: 'name' },
              { title: t('aid.rec.school'), dataIndex: 'school' },
              { title: t('aid.rec.grade'), dataIndex: 'grade' },
              { title: t('aid.rec.tier'), dataIndex: 'tier' },
            ]}
          />
          <Typography.Title level={5}>{t('aid.notice.objections')}</Typography.Title>
          <Table<Objection>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={d.objections}
            columns={[
              { title: t('aid.notice.receivedOn'), dataIndex: 'received_on' },
              {
                title: t('aid.notice.raisedBy'),
                dataIndex: 'raised_by',
                render: (r: string | null) => r ?? '—',
              },
              { title: t('aid.notice.content'), dataIndex: 'content' },
              {
                title: t('aid.rec.status'),
                dataIndex: 'status',
                render: (s: string, o) => (
                  <Space>
                    <Tag color={s === 'open' ? 'gold' : 'default'}>{t(`aid.obj.${s}` as 'aid.obj.open')}</Tag>
                    {o.resolution}
                  </Space>
                ),
              },
              {
                title: '',
                key: 'act',
                render: (_: unknown, o) =>
                  canEnter &&
                  o.status === 'open' && (
                    <Button size="small" onClick={() => setResolving(o)}>
                      {t('aid.notice.resolve')}
                    </Button>
                  ),
              },
            ]}
          />
          {canEnter && (
            <Form
              form={form}
              layout="inline"
              onFinish={(v) =>
                void run(
                  () =>
                    api(`/api/aid/notices/${id}/objections`, {
                      // No date: the server records today (its day, not the browser's).
                      body: { ...v, receivedOn: v.receivedOn?.format('YYYY-MM-DD') },
                    }),
                  t('aid.rec.done'),
                ).then(() => {
                  form.resetFields();
                  reload();
                })
              }
            >
              <Form.Item name="content" rules={[{ required: true }]}>
                <Input placeholder={t('aid.notice.content')} style={{ width: 260 }} />
              </Form.Item>
              <Form.Item name="raisedBy">
                <Input placeholder={t('aid.notice.raisedBy')} style={{ width: 120 }} />
              </Form.Item>
              <Form.Item name="receivedOn">
                <DatePicker
                  placeholder={t('aid.notice.receivedOnToday')}
                  style={{ width: 200 }}
                  disabledDate={(day) => {
                    const x = day.format('YYYY-MM-DD');
                    return x < d.notice.starts_on || x > d.notice.ends_on || (!!today && x > today);
                  }}
                />
              </Form.Item>
              <Button htmlType="submit" loading={busy}>
                {t('aid.notice.addObjection')}
              </Button>
            </Form>
          )}
        </Space>
      )}
      {resolving && (
        <Modal
          open
          title={t('aid.notice.resolve')}
          onCancel={() => setResolving(null)}
          confirmLoading={busy}
          onOk={() =>
            void run(
              () => api(`/api/aid/objections/${resolving.id}/resolve`, { body: { outcome, resolution } }),
              t('aid.rec.done'),
            ).then((r) => {
              if (r) setResolving(null);
              reload();
            })
          }
        >
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Radio.Group value={outcome} onChange={(e) => setOutcome(e.target.value)}>
              <Radio value="dismissed">{t('aid.notice.dismissed')}</Radio>
              <Radio value="upheld">{t('aid.notice.upheld')}</Radio>
            </Radio.Group>
            <Input.TextArea
              rows={3}
              placeholder={t('aid.notice.resolution')}
              value={resolution}
              onChange={(e) => setResolution(e.target.value)}
            />
          </Space>
        </Modal>
      )}
    </Drawer>
  );
}
