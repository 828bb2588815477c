import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, InputNumber, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { useI18n } from '../../i18n.ts';
import { useUser } from '../../session.tsx';
import { useFetch } from '../../useFetch.ts';
import { NameSearch, usePaging } from '../../usePaging.tsx';
import { useAction } from './common.tsx';
import { aidLabel } from './labels.ts';
import { NoticesPanel } from './NoticesPanel.tsx';
import { EvidenceModal } from './RecognitionEvidence.tsx';
import { CreateRecognitionModal, type Option, ReviewModal } from './RecognitionModals.tsx';
import { type ActivePolicy, type Recognition, STATUS_COLORS } from './types.ts';

interface Meta {
  groups: Option[];
  recognitionStatuses: Option[];
}

const COUNTY = ['county_admin', 'county_aid_centre'];
const SCHOOL_SIDE = ['school_aid_officer', 'head_teacher', ...COUNTY];

/** /aid/recognition — 家庭经济困难学生认定 per school year, from application to 建档备案. */
export function RecognitionPage() {
  const { t } = useI18n();
  const user = useUser();
  const [schoolYear, setSchoolYear] = useState(2020);
  const [status, setStatus] = useState<string | undefined>();
  const [q, setQ] = useState<string | undefined>();
  const paging = usePaging(50);
  const [selected, setSelected] = useState<number[]>([]);
  const [creating, setCreating] = useState(false);
  const [reviewing, setReviewing] = useState<{ rec: Recognition; mode: 'review' | 'reject' } | null>(null);
  const [evidenceOf, setEvidenceOf] = useState<Recognition | null>(null);
  const meta = useFetch<Meta>('/api/aid/meta');
  const policy = useFetch<ActivePolicy>('/api/aid/policies/active', { year: Math.max(schoolYear, 2020) });
  const list = useFetch<{ items: Recognition[]; total: number }>('/api/aid/recognitions', {
    schoolYear,
    status,
    q,
    page: paging.page,
    pageSize: paging.pageSize,
  });
  const { run, busy } = useAction();
  const isCounty = COUNTY.includes(user.role);
  const canEnter = SCHOOL_SIDE.includes(user.role);
  const rc = policy.data?.policy.config.recognition;
  const tiers = (rc?.tiers ?? []).map((x) => ({
    value: x.code,
    label: aidLabel('aidTier', x.code, x.label),
  }));
  const tierLabel = (c: string | null) => tiers.find((x) => x.value === c)?.label ?? '—';
  const groups = (meta.data?.groups ?? []).map((x) => ({
    ...x,
    label: aidLabel('aidGroup', x.value, x.label),
  }));
  const groupLabel = (g: string) => groups.find((x) => x.value === g)?.label ?? g;
  const statuses = (meta.data?.recognitionStatuses ?? []).map((x) => ({
    ...x,
    label: aidLabel('aidRecStatus', x.value, x.label),
  }));

  async function bulk(action: 'confirm' | 'archive') {
    await run(() => api(`/api/aid/recognitions/${action}`, { body: { ids: selected } }), t('aid.rec.done'));
    setSelected([]);
    list.reload();
  }

  const listTab = (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <span>{t('aid.rec.schoolYear')}</span>
        <InputNumber
          min={2015}
          max={2100}
          value={schoolYear}
          onChange={paging.refilter((v: number | null) => setSchoolYear(v ?? 2020))}
        />
        <Select
          style={{ width: 160 }}
          allowClear
          placeholder={t('aid.rec.status')}
          value={status}
          onChange={paging.refilter(setStatus)}
          options={statuses}
        />
        <NameSearch placeholder={t('aid.rec.search')} width={220} onSearch={paging.refilter(setQ)} />
        {canEnter && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="rec-new"
          >
            {t('aid.rec.new')}
          </Button>
        )}
        {isCounty && (
          <>
            <Button
              disabled={!selected.length}
              loading={busy}
              onClick={() => void bulk('confirm')}
              data-testid="rec-confirm"
            >
              {t('aid.rec.confirm')}
            </Button>
            <Button
              disabled={!selected.length}
              loading={busy}
              onClick={() => void bulk('archive')}
              data-testid="rec-archive"
            >
              {t('aid.rec.archive')}
            </Button>
            <Typography.Text type="secondary">
              {t('aid.rec.selected', { n: selected.length })}
            </Typography.Text>
          </>
        )}
      </Space>
      <Table<Recognition>
        size="small"
        rowKey="id"
        loading={list.loading}
        data-testid="rec-table"
        dataSource={list.data?.items ?? []}
        rowSelection={
          isCounty ? { selectedRowKeys: selected, onChange: (k) => setSelected(k as number[]) } : undefined
        }
        pagination={paging.pagination(list.data?.total)}
        columns={[
          {
            title: t('aid.rec.name'),
            dataIndex: 'name',
            render: (n: string, r) => (r.person_id ? <Link to={`/persons/${r.person_id}`}>{n}</Link> : n),
          },
          { title: t('aid.rec.studentNo'), dataIndex: 'student_no' },
          { title: t('aid.rec.school'), dataIndex: 'school_name' },
          { title: t('aid.rec.grade'), dataIndex: 'grade', render: (g: string | null) => g ?? '—' },
          { title: t('aid.rec.tier'), dataIndex: 'tier', render: tierLabel },
          {
            title: t('aid.rec.groups'),
            dataIndex: 'priority_groups',
            render: (gs: string[]) => gs.map((g) => <Tag key={g}>{groupLabel(g)}</Tag>),
          },
          {
            title: t('aid.rec.status'),
            dataIndex: 'status',
            render: (s: string, r) => (
              <Tag color={STATUS_COLORS[s]}>{aidLabel('aidRecStatus', s, r.status_label)}</Tag>
            ),
          },
          {
            title: t('aid.rec.actions'),
            key: 'act',
            render: (_: unknown, r) => (
              <Space size={4}>
                <Button size="small" onClick={() => setEvidenceOf(r)} data-testid={`rec-evidence-${r.id}`}>
                  {t('aid.rec.attachment')}
                </Button>
                {canEnter && r.status === 'applied' && (
                  <>
                    <Button size="small" onClick={() => setReviewing({ rec: r, mode: 'review' })}>
                      {t('aid.rec.review')}
                    </Button>
                    <Button size="small" danger onClick={() => setReviewing({ rec: r, mode: 'reject' })}>
                      {t('aid.rec.reject')}
                    </Button>
                  </>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );

  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  return (
    <Card title={t('aid.rec.title')} data-testid="aid-recognition-page">
      <Typography.Paragraph type="secondary">{t('aid.rec.intro')}</Typography.Paragraph>
      <Tabs
        items={[
          { key: 'list', label: t('aid.rec.tab.list'), children: listTab },
          {
            key: 'notices',
            label: t('aid.rec.tab.notices'),
            children: (
              <NoticesPanel
                schoolYear={schoolYear}
                canEnter={canEnter}
                recognitions={list.data?.items ?? []}
                onChanged={list.reload}
              />
            ),
          },
        ]}
      />
      {creating && (
        <CreateRecognitionModal
          schoolYear={schoolYear}
          tiers={tiers}
          groups={groups}
          midYearReasons={(rc?.midYearReasons ?? []).map((x) => ({
            value: x.code,
            label: aidLabel('aidMidYear', x.code, x.label),
          }))}
          onClose={() => setCreating(false)}
          onSaved={() => {
            setCreating(false);
            list.reload();
          }}
        />
      )}
      {evidenceOf && (
        <EvidenceModal rec={evidenceOf} canUpload={canEnter} onClose={() => setEvidenceOf(null)} />
      )}
      {reviewing && (
        <ReviewModal
          rec={reviewing.rec}
          mode={reviewing.mode}
          tiers={tiers}
          onClose={() => setReviewing(null)}
          onSaved={() => {
            setReviewing(null);
            list.reload();
          }}
        />
      )}
    </Card>
  );
}
