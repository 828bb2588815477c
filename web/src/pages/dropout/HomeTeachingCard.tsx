import { App, Button, Card, Descriptions, Form, Input, InputNumber, Space, Table, Typography } from 'antd';
import { api, errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { TEXT_COLUMN } from '../../textColumn.ts';
import { DayInput, dayRule } from './DayInput.tsx';
import type { CaseDetail } from './types.ts';

/** 送教上门: the placement (teacher, schedule, visits per month) and the visit log; the child stays on the roll. */
export function HomeTeachingCard({ detail, onDone }: { detail: CaseDetail; onDone(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const plan = detail.homeTeaching;
  const write = detail.canWrite;
  const today = detail.today;
  const openedAt = detail.case.opened_at;
  const decisionLabel = t('dropout.decisionDate');
  const startLabel = t('dropout.startDate');
  const visitLabel = t('dropout.visitDate');

  async function savePlan(v: Record<string, unknown>) {
    try {
      await api(`/api/dropout/cases/${detail.case.id}/home-teaching`, {
        method: 'PUT',
        body: { ...v, decisionNote: v.decisionNote || undefined },
      });
      message.success(t('dropout.saved'));
      onDone();
    } catch (e) {
      message.error(errorMessage(e));
    }
  }
  async function addVisit(v: Record<string, unknown>) {
    try {
      await api(`/api/dropout/cases/${detail.case.id}/home-teaching/visits`, {
        body: v,
      });
      onDone();
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  return (
    <Card size="small" title={t('dropout.homeTeaching')} data-testid="home-teaching">
      {plan ? (
        <Descriptions size="small" column={2}>
          <Descriptions.Item label={t('dropout.decisionDate')}>{plan.decision_date}</Descriptions.Item>
          <Descriptions.Item label={t('dropout.decisionNote')}>{plan.decision_note ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('dropout.teacher')}>{plan.teacher}</Descriptions.Item>
          <Descriptions.Item label={t('dropout.schedule')}>{plan.schedule}</Descriptions.Item>
          <Descriptions.Item label={t('dropout.startDate')}>{plan.start_date}</Descriptions.Item>
          <Descriptions.Item label={t('dropout.visitsPerMonth')}>{plan.visits_per_month}</Descriptions.Item>
        </Descriptions>
      ) : null}
      {write && !plan && (
        <Form
          layout="inline"
          onFinish={savePlan}
          initialValues={{ decisionDate: today, startDate: today }}
          style={{ rowGap: 8 }}
        >
          <Form.Item
            name="decisionDate"
            label={decisionLabel}
            rules={[dayRule(t, decisionLabel, { today, notBefore: [[openedAt, t('dropout.openedAt')]] })]}
          >
            <DayInput min={openedAt} max={today} />
          </Form.Item>
          <Form.Item name="decisionNote" label={t('dropout.decisionNote')}>
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item
            name="teacher"
            label={t('dropout.teacher')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            name="schedule"
            label={t('dropout.schedule')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="visitsPerMonth" label={t('dropout.visitsPerMonth')}>
            <InputNumber min={1} max={31} />
          </Form.Item>
          <Form.Item
            name="startDate"
            label={startLabel}
            dependencies={['decisionDate']}
            rules={[
              ({ getFieldValue }) =>
                dayRule(t, startLabel, { notBefore: [[getFieldValue('decisionDate'), decisionLabel]] }),
            ]}
          >
            <DayInput min={openedAt} />
          </Form.Item>
          <Button htmlType="submit" type="primary">
            {t('dropout.savePlan')}
          </Button>
        </Form>
      )}
      {plan && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {detail.visitProgress && (
            <Typography.Text type={detail.visitProgress.shortfall > 0 ? 'warning' : 'success'}>
              {t('dropout.progress', {
                done: detail.visitProgress.done,
                planned: detail.visitProgress.planned,
              })}
            </Typography.Text>
          )}
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={detail.visits}
            columns={[
              { title: t('dropout.visitDate'), dataIndex: 'date' },
              { title: t('dropout.teacher'), dataIndex: 'teacher' },
              { title: t('dropout.hours'), dataIndex: 'hours' },
              { title: t('dropout.content'), dataIndex: 'content', className: TEXT_COLUMN },
            ]}
          />
          {write && detail.case.status === 'home_teaching' && (
            <Form
              layout="inline"
              onFinish={addVisit}
              initialValues={{ date: today, teacher: plan.teacher }}
              style={{ rowGap: 8 }}
            >
              <Form.Item
                name="date"
                rules={[dayRule(t, visitLabel, { today, notBefore: [[plan.start_date, startLabel]] })]}
              >
                <DayInput min={plan.start_date} max={today} />
              </Form.Item>
              <Form.Item name="teacher" rules={[{ required: true, whitespace: true }]}>
                <Input placeholder={t('dropout.teacher')} maxLength={100} />
              </Form.Item>
              <Form.Item name="hours">
                <InputNumber min={0} max={24} placeholder={t('dropout.hours')} />
              </Form.Item>
              <Form.Item name="content" rules={[{ required: true, whitespace: true }]}>
                <Input placeholder={t('dropout.content')} maxLength={1000} />
              </Form.Item>
              <Button htmlType="submit">{t('dropout.addVisit')}</Button>
            </Form>
          )}
        </Space>
      )}
    </Card>
  );
}
