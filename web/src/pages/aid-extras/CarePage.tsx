import { Button, Card, List, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Paged } from '../../api.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { UrlTabs } from '../../components/UrlTabs.tsx';
import { useI18n } from '../../i18n.ts';
import { useUser } from '../../session.tsx';
import { useFetch } from '../../useFetch.ts';
import { NameSearch, usePaging } from '../../usePaging.tsx';
import { EndPairingModal, PairingModal, VisitModal } from './CareModals.tsx';
import type { PairingRow, VisitRow } from './types.ts';

/** The visits of one pairing, loaded when its row is expanded. */
function PairingVisits({ id }: { id: number }) {
  const { tc, p } = useI18n();
  const d = useFetch<{ visits: VisitRow[] }>(`/api/aid/care/pairings/${id}`);
  if (d.error) return <LoadError error={d.error} onRetry={d.reload} />;
  return (
    <List
      size="small"
      dataSource={d.data?.visits ?? []}
      renderItem={(v) => (
        <List.Item>
          {v.date} · <Tag>{tc('visitKind', v.kind)}</Tag> {v.notes}{' '}
          <Typography.Text type="secondary">{p.paren(v.created_by_name)}</Typography.Text>
        </List.Item>
      )}
    />
  );
}

function Pairings() {
  const { t, tc, p } = useI18n();
  const [programme, setProgramme] = useState<string | undefined>();
  const [active, setActive] = useState(true);
  const [q, setQ] = useState<string | undefined>();
  const paging = usePaging();
  const [adding, setAdding] = useState(false);
  const [visitFor, setVisitFor] = useState<number | null>(null);
  const [ending, setEnding] = useState<number | null>(null);
  const list = useFetch<Paged<PairingRow> & { canWrite: boolean }>('/api/aid/care/pairings', {
    programme,
    active: active ? 'true' : undefined,
    q,
    page: paging.page,
    pageSize: paging.pageSize,
  });
  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  const canWrite = list.data?.canWrite ?? false;
  const done = (saved: boolean) => saved && list.reload();
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <Select
          allowClear
          placeholder={t('aidx.programme')}
          style={{ width: 150 }}
          value={programme}
          onChange={paging.refilter(setProgramme)}
          options={['red_candle', 'mentoring'].map((p) => ({ value: p, label: tc('careProgramme', p) }))}
        />
        <NameSearch
          placeholder={`${t('aidx.name')} / ${t('aidx.teacher')}`}
          width={200}
          onSearch={paging.refilter(setQ)}
        />
        <span>
          <Switch size="small" checked={active} onChange={paging.refilter(setActive)} /> {t('aidx.active')}
        </span>
        {canWrite && (
          <Button type="primary" onClick={() => setAdding(true)}>
            {t('aidx.addPairing')}
          </Button>
        )}
      </Space>
      <Table<PairingRow>
        rowKey="id"
        size="small"
        data-testid="care-pairings"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        expandable={{ expandedRowRender: (r) => <PairingVisits id={r.id} /> }}
        pagination={paging.pagination(list.data?.total)}
        columns={[
          {
            title: t('aidx.name'),
            dataIndex: 'name',
            render: (n: string, r) => (r.person_id ? <Link to={`/persons/${r.person_id}`}>{n}</Link> : n),
          },
          { title: t('aidx.school'), dataIndex: 'school_name' },
          {
            title: t('aidx.programme'),
            dataIndex: 'programme',
            render: (p: string) => (
              <Tag color={p === 'red_candle' ? 'red' : 'blue'}>{tc('careProgramme', p)}</Tag>
            ),
          },
          { title: t('aidx.teacher'), dataIndex: 'teacher_name' },
          { title: t('aidx.phone'), dataIndex: 'teacher_phone', render: (p: string) => p || '—' },
          { title: t('aidx.startDate'), dataIndex: 'start_date' },
          {
            title: t('aidx.endDate'),
            dataIndex: 'end_date',
            render: (d: string | null, r) => (d ? `${d}${p.paren(r.end_reason ?? '')}` : '—'),
          },
          { title: t('aidx.visits'), dataIndex: 'visit_count' },
          { title: t('aidx.lastVisit'), dataIndex: 'last_visit', render: (d: string | null) => d ?? '—' },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_: unknown, r) =>
              canWrite && !r.end_date ? (
                <Space size={4}>
                  <Button size="small" type="link" onClick={() => setVisitFor(r.id)}>
                    {t('aidx.addVisit')}
                  </Button>
                  <Button size="small" type="link" danger onClick={() => setEnding(r.id)}>
                    {t('aidx.endPairing')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      <PairingModal
        open={adding}
        student={null}
        onClose={(s) => {
          setAdding(false);
          done(s);
        }}
      />
      <VisitModal
        pairingId={visitFor}
        onClose={(s) => {
          setVisitFor(null);
          done(s);
        }}
      />
      <EndPairingModal
        pairingId={ending}
        onClose={(s) => {
          setEnding(null);
          done(s);
        }}
      />
    </Space>
  );
}

interface EligibleRow {
  student_id: number;
  person_id: number | null;
  name: string;
  grade: string | null;
  class_name: string | null;
  school_name: string | null;
  registered_poor: boolean;
  recognised: boolean;
}

function Eligible() {
  const { t } = useI18n();
  const [q, setQ] = useState<string | undefined>();
  const paging = usePaging();
  const [pairing, setPairing] = useState<{ id: number; name: string } | null>(null);
  const list = useFetch<Paged<EligibleRow>>('/api/aid/care/eligible', {
    q,
    page: paging.page,
    pageSize: paging.pageSize,
  });
  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <NameSearch placeholder={t('aidx.name')} onSearch={paging.refilter(setQ)} />
      <Table<EligibleRow>
        rowKey="student_id"
        size="small"
        data-testid="care-eligible"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={paging.pagination(list.data?.total)}
        columns={[
          { title: t('aidx.name'), dataIndex: 'name' },
          { title: t('aidx.school'), dataIndex: 'school_name' },
          {
            title: t('aidx.grade'),
            dataIndex: 'grade',
            render: (g: string | null, r) => `${g ?? ''}${r.class_name ?? ''}` || '—',
          },
          {
            title: t('aidx.kind'),
            key: 'why',
            render: (_: unknown, r) => (
              <Space size={4}>
                {r.registered_poor && <Tag color="red">{t('aidx.registeredPoor')}</Tag>}
                {r.recognised && <Tag color="orange">{t('aidx.recognised')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_: unknown, r) => (
              <Button size="small" type="link" onClick={() => setPairing({ id: r.student_id, name: r.name })}>
                {t('aidx.addPairing')}
              </Button>
            ),
          },
        ]}
      />
      <PairingModal
        open={!!pairing}
        student={pairing}
        onClose={(s) => {
          setPairing(null);
          if (s) list.reload();
        }}
      />
    </Space>
  );
}

const TABS = ['pairings', 'eligible'] as const;

/**
 * /aid/care: 红烛暖心 (工作要点 2) and 立德树人 care (工作要点 4) — pairings, visits, children to pair.
 * A role that reads 红烛暖心 only (教师科) sees the pairings: the children to pair are who is poor and
 * not yet paired, aid data it is refused (aid.access.ts CARE_READS).
 */
export function CarePage() {
  const { t } = useI18n();
  const user = useUser();
  const tabs: readonly (typeof TABS)[number][] = user.permissions.readAid ? TABS : ['pairings'];
  return (
    <Card
      title={t('aidx.care.title')}
      extra={<Typography.Text type="secondary">{t('aidx.care.policy')}</Typography.Text>}
    >
      <UrlTabs
        keys={tabs}
        label={(k) => t(`aidx.tab.${k}`)}
        body={{ pairings: <Pairings />, eligible: <Eligible /> }}
      />
    </Card>
  );
}
