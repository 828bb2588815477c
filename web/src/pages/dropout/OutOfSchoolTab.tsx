import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Modal, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { withQuery } from '../../api.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { useI18n } from '../../i18n.ts';
import { useUser } from '../../session.tsx';
import { useFetch } from '../../useFetch.ts';
import { NameSearch, usePaging } from '../../usePaging.tsx';
import { HintCell, InReviewTag } from '../comparison/ResultList.tsx';
import { CaseMarkCell } from './CaseMarkCell.tsx';
import { OpenCaseModal, type OpenCaseTarget } from './OpenCaseModal.tsx';
import type { OutOfSchoolRow } from './types.ts';

interface Page {
  items: OutOfSchoolRow[];
  total: number;
  asOf: string;
  /** The day ages are counted on: the entry cut-off of asOf's school year (31 August). */
  ageDay: string;
  ages: { min: number; max: number };
  unknownAge: number;
}

/**
 * 失学儿童名单: registry children of compulsory age in no roll, in scope (工作要点 5). Ages are
 * counted on the school year's entry cut-off, and the page says which day that is and why the
 * list may differ from the comparison's (信息比对) out-of-school list.
 */
export function OutOfSchoolTab() {
  const { t } = useI18n();
  const user = useUser();
  const [asOf, setAsOf] = useState<string | undefined>();
  const [q, setQ] = useState<string | undefined>();
  const paging = usePaging();
  const [target, setTarget] = useState<OpenCaseTarget | null>(null);
  const [unknownOpen, setUnknownOpen] = useState(false);
  const list = useFetch<Page>('/api/dropout/out-of-school', {
    asOf,
    q,
    page: paging.page,
    pageSize: paging.pageSize,
  });
  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  const d = list.data;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <span>{t('dropout.asOf')}</span>
        <DatePicker
          value={asOf ? dayjs(asOf) : d ? dayjs(d.asOf) : null}
          allowClear={false}
          onChange={paging.refilter((v: Dayjs | null) => setAsOf(v ? v.format('YYYY-MM-DD') : undefined))}
        />
        <NameSearch placeholder={t('dropout.name')} width={200} onSearch={paging.refilter(setQ)} />
        <a href={withQuery('/api/dropout/out-of-school/export', { asOf: d?.asOf, format: 'xlsx' })} download>
          <Button icon={<DownloadOutlined />} data-testid="oos-export">
            {t('dropout.export')}
          </Button>
        </a>
        <a href={withQuery('/api/dropout/out-of-school/export', { asOf: d?.asOf, format: 'csv' })} download>
          <Button icon={<DownloadOutlined />}>{t('dropout.exportCsv')}</Button>
        </a>
      </Space>
      {d && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }} data-testid="oos-hint">
          {t('dropout.oosHint', {
            min: d.ages.min,
            max: d.ages.max,
            ageDay: d.ageDay,
          })}{' '}
          {t('dropout.oosVsComparison')}
        </Typography.Paragraph>
      )}
      {d && d.unknownAge > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t('dropout.unknownAge', { n: d.unknownAge })}
          action={
            <Button size="small" data-testid="oos-unknown-age" onClick={() => setUnknownOpen(true)}>
              {t('dropout.unknownAgeShow')}
            </Button>
          }
        />
      )}
      {unknownOpen && <UnknownAgeModal onClose={() => setUnknownOpen(false)} />}
      <Table<OutOfSchoolRow>
        rowKey="id"
        size="small"
        data-testid="oos-table"
        loading={list.loading}
        dataSource={d?.items ?? []}
        pagination={paging.pagination(d?.total)}
        columns={[
          { title: t('dropout.personNo'), dataIndex: 'person_no' },
          {
            title: t('dropout.name'),
            dataIndex: 'name',
            render: (n: string, r) => (
              <>
                {n} {r.in_review && <InReviewTag elsewhere={r.in_review_elsewhere} />}
              </>
            ),
          },
          { title: t('dropout.idNumber'), dataIndex: 'id_number' },
          // (Beside the masked ID, which shows no date: verifier v26f F3.)
          {
            title: t('dropout.birthDate'),
            dataIndex: 'birth_date',
            render: (v: string | null) => v?.slice(0, 10) ?? '—',
          },
          { title: d ? t('dropout.ageOn', { day: d.ageDay }) : t('dropout.age'), dataIndex: 'age' },
          { title: t('dropout.householdNo'), dataIndex: 'household_no' },
          { title: t('dropout.county'), dataIndex: 'county_name' },
          { title: t('dropout.township'), dataIndex: 'township_name' },
          { title: t('dropout.village'), dataIndex: 'village_name' },
          {
            title: t('dropout.hint'),
            dataIndex: 'hint',
            width: 280,
            ellipsis: { showTitle: false },
            render: (v: string | null) => <HintCell hint={v} />,
          },
          {
            title: t('common.actions'),
            key: 'act',
            render: (_: unknown, r) => (
              <CaseMarkCell
                row={r}
                canOpen={user.permissions.write && !user.schoolCode}
                canView={!user.schoolCode}
                onOpen={() =>
                  setTarget({
                    source: 'out_of_school',
                    registryPersonId: r.id,
                    name: r.name,
                    keyGroups: r.key_groups,
                    previous: r.last_case,
                  })
                }
              />
            ),
          },
        ]}
      />
      <OpenCaseModal target={target} onClose={() => setTarget(null)} />
    </Space>
  );
}

interface UnknownAgeRow {
  id: number;
  person_no: string;
  household_no: string;
  name: string;
  relation: string | null;
  id_masked: string;
  county_name: string | null;
  township_name: string | null;
  village_name: string | null;
}

/** The registry persons the banner counts: of unknown age, in no roll — whom to check by hand. */
function UnknownAgeModal({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const rows = useFetch<{ items: UnknownAgeRow[] }>('/api/dropout/out-of-school/unknown-age');
  return (
    <Modal open width={900} title={t('dropout.unknownAgeTitle')} onCancel={onClose} footer={null}>
      {rows.error ? <LoadError error={rows.error} onRetry={rows.reload} /> : null}
      <Table<UnknownAgeRow>
        rowKey="id"
        size="small"
        data-testid="oos-unknown-age-table"
        loading={rows.loading}
        dataSource={rows.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('dropout.personNo'), dataIndex: 'person_no' },
          { title: t('dropout.name'), dataIndex: 'name' },
          { title: t('dropout.relation'), dataIndex: 'relation', render: (v: string | null) => v ?? '—' },
          { title: t('dropout.idNumber'), dataIndex: 'id_masked', render: (v: string) => v || '—' },
          { title: t('dropout.householdNo'), dataIndex: 'household_no' },
          { title: t('dropout.county'), dataIndex: 'county_name' },
          { title: t('dropout.township'), dataIndex: 'township_name' },
          { title: t('dropout.village'), dataIndex: 'village_name' },
        ]}
      />
    </Modal>
  );
}
