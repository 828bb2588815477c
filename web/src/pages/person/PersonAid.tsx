import { Empty, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { LoadError } from '../../components/LoadError.tsx';
import { useI18n } from '../../i18n.ts';
import { TEXT_COLUMN } from '../../textColumn.ts';
import { useFetch } from '../../useFetch.ts';
import { useProgrammes } from '../aid/EntitlementsPage.tsx';
import { aidLabel, termLabel } from '../aid/labels.ts';
import { fenToYuan, STATUS_COLORS } from '../aid/types.ts';

interface PersonAidFile {
  recognitions: {
    id: number;
    school_year: number;
    school_name: string;
    grade: string | null;
    tier: string | null;
    priority_groups: string[];
    status: string;
    status_label: string;
  }[];
  entitlements: {
    term: string;
    programme: string;
    stage: string;
    stage_label: string;
    school_name: string;
    amount_fen: number;
    paid_fen: number;
    rule: string;
    coverage: string;
    coverage_label: string;
  }[];
  payments: {
    id: number;
    list_id: number;
    term: string;
    programme: string;
    school_name: string;
    amount_fen: number;
    status: string;
    paid_at: string | null;
    bank_message: string | null;
    list_status_label: string;
  }[];
}

/**
 * The person file's 学生资助 tab (一生一档, 工作要点 1): every recognition, entitlement and payment
 * of the person across stages and schools (GET /api/persons/:id/aid).
 */
export function PersonAid({ personId }: { personId: number | string }) {
  const { t, tc } = useI18n();
  const progs = useProgrammes();
  const file = useFetch<PersonAidFile>(`/api/persons/${personId}/aid`);
  if (file.error) return <LoadError error={file.error} onRetry={file.reload} />;
  const d = file.data;
  if (!d) return <Skeleton active />;
  if (!d.recognitions.length && !d.entitlements.length && !d.payments.length)
    return <Empty description={t('aid.empty')} />;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="person-aid">
      <Typography.Title level={5}>{t('aid.person.recognitions')}</Typography.Title>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={d.recognitions}
        columns={[
          { title: t('aid.rec.schoolYear'), dataIndex: 'school_year' },
          { title: t('aid.rec.school'), dataIndex: 'school_name' },
          { title: t('aid.rec.grade'), dataIndex: 'grade', render: (g: string | null) => g ?? '—' },
          {
            title: t('aid.rec.tier'),
            dataIndex: 'tier',
            // (The recognition keeps the tier's code: its label in the UI's language.)
            render: (g: string | null) => (g ? tc('aidTier', g) : '—'),
          },
          {
            title: t('aid.rec.status'),
            dataIndex: 'status',
            render: (s: string, r) => (
              <Tag color={STATUS_COLORS[s]}>{aidLabel('aidRecStatus', s, r.status_label)}</Tag>
            ),
          },
        ]}
      />
      <Typography.Title level={5}>{t('aid.person.entitlements')}</Typography.Title>
      <Table
        size="small"
        rowKey={(r) => `${r.term}-${r.programme}-${r.school_name}`}
        pagination={false}
        dataSource={d.entitlements}
        columns={[
          { title: t('aid.ent.term'), dataIndex: 'term', render: termLabel },
          { title: t('aid.ent.programme'), dataIndex: 'programme', render: progs.name },
          { title: t('aid.ent.stage'), dataIndex: 'stage', render: (s: string) => tc('stage', s) },
          { title: t('aid.rec.school'), dataIndex: 'school_name' },
          { title: t('aid.cov.entFen'), dataIndex: 'amount_fen', align: 'right', render: fenToYuan },
          { title: t('aid.cov.paidYuan'), dataIndex: 'paid_fen', align: 'right', render: fenToYuan },
          {
            title: t('aid.person.coverage'),
            dataIndex: 'coverage',
            render: (s: string, r) => (
              <Tag color={STATUS_COLORS[s]}>{aidLabel('aidCoverage', s, r.coverage_label)}</Tag>
            ),
          },
          { title: t('aid.ent.rule'), dataIndex: 'rule', className: TEXT_COLUMN },
        ]}
      />
      <Typography.Title level={5}>{t('aid.person.payments')}</Typography.Title>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={d.payments}
        columns={[
          { title: t('aid.ent.term'), dataIndex: 'term', render: termLabel },
          { title: t('aid.ent.programme'), dataIndex: 'programme', render: progs.name },
          { title: t('aid.rec.school'), dataIndex: 'school_name' },
          { title: t('aid.ent.amount'), dataIndex: 'amount_fen', align: 'right', render: fenToYuan },
          {
            title: t('aid.pay.lineStatus'),
            dataIndex: 'status',
            render: (s: string) => (
              <Tag color={STATUS_COLORS[s]}>{t(`aid.pay.line.${s}` as 'aid.pay.line.paid')}</Tag>
            ),
          },
          { title: t('aid.pay.paidAt'), dataIndex: 'paid_at', render: (x: string | null) => x ?? '—' },
          {
            title: t('aid.person.list'),
            key: 'list',
            render: (_: unknown, r) => `#${r.list_id} ${r.list_status_label}`,
          },
        ]}
      />
    </Space>
  );
}
