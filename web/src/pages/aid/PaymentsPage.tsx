import { FileAddOutlined } from '@ant-design/icons';
import { App, Button, Card, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { useI18n } from '../../i18n.ts';
import { useFetch } from '../../useFetch.ts';
import { usePaging } from '../../usePaging.tsx';
import { useAction } from './common.tsx';
import { TermSelect, termLabel, useProgrammes, useTerm } from './EntitlementsPage.tsx';
import { aidLabel } from './labels.ts';
import { PaymentDetail } from './PaymentDetail.tsx';
import { fenToYuan, type PaymentList, STATUS_COLORS } from './types.ts';

const STATUSES = ['draft', 'submitted', 'approved', 'paid'] as const;

/** A school the generation left out because its open list comes first (payment.service WaitingSchool). */
interface WaitingSchool {
  schoolName: string;
  listId: number;
  listStatus: 'draft' | 'submitted';
  students: number;
}

/** /aid/payments — generate lists from entitlements, the lists of a term, and each list's drawer. */
export function PaymentsPage() {
  const { t } = useI18n();
  const [term, setTerm, termOptions] = useTerm();
  const [programme, setProgramme] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const paging = usePaging(50);
  const [shown, setShown] = useState<number | null>(null);
  const progs = useProgrammes();
  const lists = useFetch<{ items: PaymentList[]; total: number }>('/api/aid/payment-lists', {
    term,
    programme,
    status,
    page: paging.page,
    pageSize: paging.pageSize,
  });
  const { run, busy } = useAction();
  const { message } = App.useApp();
  if (lists.error) return <LoadError error={lists.error} onRetry={lists.reload} />;

  async function generate() {
    if (!programme) return;
    const r = await run(() =>
      api<{ created: unknown[]; waiting: WaitingSchool[] }>('/api/aid/payment-lists/generate', {
        body: { programme, term },
      }),
    );
    if (r) {
      void run(async () => r, t('aid.pay.generated', { n: r.created.length }));
      // Schools whose open list must be finished first: their pupils are not forgotten, they wait.
      for (const w of r.waiting)
        void message.warning({
          content: t('aid.pay.waiting', {
            school: w.schoolName,
            id: w.listId,
            status: t(`aid.listStatus.${w.listStatus}`),
            n: w.students,
          }),
          className: 'aid-pay-waiting',
          duration: 10,
        });
      lists.reload();
    }
  }

  return (
    <Card title={t('aid.pay.title')} data-testid="aid-payments-page">
      <Typography.Paragraph type="secondary">{t('aid.pay.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <TermSelect options={termOptions} value={term} onChange={paging.refilter(setTerm)} />
        <Select
          allowClear
          style={{ width: 220 }}
          placeholder={t('aid.ent.programme')}
          value={programme}
          data-testid="pay-programme"
          onChange={paging.refilter(setProgramme)}
          options={progs.list.filter((p) => p.enabled).map((p) => ({ value: p.code, label: p.name }))}
        />
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t('aid.rec.status')}
          value={status}
          onChange={paging.refilter(setStatus)}
          options={STATUSES.map((s) => ({ value: s, label: t(`aid.listStatus.${s}`) }))}
        />
        {/* A disabled button says why: lists are made per programme (项目). */}
        <Tooltip title={programme ? undefined : t('aid.pay.pickProgramme')}>
          <Button
            type="primary"
            icon={<FileAddOutlined />}
            disabled={!programme}
            loading={busy}
            onClick={() => void generate()}
            data-testid="pay-generate"
          >
            {t('aid.pay.generate')}
          </Button>
        </Tooltip>
        {!programme && (
          <Typography.Text type="secondary" data-testid="pay-generate-hint">
            {t('aid.pay.pickProgramme')}
          </Typography.Text>
        )}
      </Space>
      <Table<PaymentList>
        size="small"
        rowKey="id"
        loading={lists.loading}
        data-testid="pay-lists"
        dataSource={lists.data?.items ?? []}
        pagination={paging.pagination(lists.data?.total)}
        columns={[
          { title: t('aid.pay.id'), dataIndex: 'id' },
          { title: t('aid.ent.programme'), dataIndex: 'programme', render: progs.name },
          { title: t('aid.ent.term'), dataIndex: 'term', render: (x: string) => termLabel(x) },
          { title: t('aid.rec.school'), dataIndex: 'school_name' },
          { title: t('aid.pay.lines'), dataIndex: 'lines', align: 'right' },
          { title: t('aid.pay.total'), dataIndex: 'total_fen', align: 'right', render: fenToYuan },
          {
            // Money the bank paid: paid lines only (a failed payment is not counted).
            title: t('aid.pay.paidTotal'),
            dataIndex: 'paid_fen',
            align: 'right',
            render: (fen: number, r) => (r.paid_lines > 0 ? fenToYuan(fen) : '—'),
          },
          {
            title: t('aid.rec.status'),
            dataIndex: 'status',
            render: (s: string, r) => (
              <Space size={4}>
                <Tag color={STATUS_COLORS[s]}>{aidLabel('aidListStatus', s, r.status_label)}</Tag>
                {r.failed_lines > 0 && (
                  <Tag color="red">{t('aid.pay.failedLines', { n: r.failed_lines })}</Tag>
                )}
              </Space>
            ),
          },
          {
            title: '',
            key: 'open',
            render: (_: unknown, r) => (
              <Button size="small" onClick={() => setShown(r.id)}>
                {t('aid.pay.open')}
              </Button>
            ),
          },
        ]}
      />
      {shown !== null && (
        <PaymentDetail
          id={shown}
          programmeName={progs.name}
          onClose={() => setShown(null)}
          onChanged={lists.reload}
        />
      )}
    </Card>
  );
}
