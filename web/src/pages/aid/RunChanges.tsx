import { Button, Modal, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n.ts';
import { useFetch } from '../../useFetch.ts';
import { usePaging } from '../../usePaging.tsx';
import { type EntitlementRun, fenToYuan } from './types.ts';

/** One pupil's change in a run (GET /api/aid/entitlements/runs/:id/changes). */
interface RunChange {
  student_id: number;
  person_id: number | null;
  name: string;
  student_no: string;
  school_name: string | null;
  programme: string;
  kind: 'added' | 'removed' | 'changed';
  old_fen: number | null;
  new_fen: number | null;
  reason: string | null;
}

const KIND_COLOR = { added: 'green', removed: 'red', changed: 'blue' } as const;

/**
 * The run's +N / −N / ~N, and a button that lists who they are, with the amounts and why (an outside
 * tester, v19b F7: the counts could not be opened, so a removal never said whom or why).
 */
export function RunChanges({ run }: { run: EntitlementRun }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const n = (run.diff.added ?? 0) + (run.diff.removed ?? 0) + (run.diff.changed ?? 0);
  return (
    <>
      <Tag color="green">+{run.diff.added ?? 0}</Tag>
      <Tag color="red">−{run.diff.removed ?? 0}</Tag>
      <Tag color="blue">~{run.diff.changed ?? 0}</Tag>
      {run.diff.firstRun && <Tag>{t('aid.ent.firstRun')}</Tag>}
      {n > 0 && !run.diff.firstRun && (
        <Button
          size="small"
          type="link"
          onClick={() => setOpen(true)}
          data-testid={`ent-run-changes-${run.id}`}
        >
          {t('aid.ent.viewChanges')}
        </Button>
      )}
      {open && <ChangesModal runId={run.id} onClose={() => setOpen(false)} />}
    </>
  );
}

function ChangesModal({ runId, onClose }: { runId: number; onClose(): void }) {
  const { t, tc } = useI18n();
  const paging = usePaging(20);
  const list = useFetch<{ items: RunChange[]; total: number }>(
    `/api/aid/entitlements/runs/${runId}/changes`,
    {
      page: paging.page,
      pageSize: paging.pageSize,
    },
  );
  const yuan = (fen: number | null) => (fen === null ? '—' : fenToYuan(fen));
  return (
    <Modal open title={t('aid.ent.changesTitle', { id: runId })} footer={null} onCancel={onClose} width={960}>
      <Table<RunChange>
        size="small"
        rowKey={(r) => `${r.student_id}-${r.programme}`}
        loading={list.loading}
        data-testid="ent-run-changes"
        dataSource={list.data?.items ?? []}
        pagination={paging.pagination(list.data?.total)}
        columns={[
          {
            title: t('aid.rec.name'),
            dataIndex: 'name',
            render: (name: string, r) =>
              r.person_id ? <Link to={`/persons/${r.person_id}`}>{name}</Link> : name,
          },
          { title: t('aid.ent.studentNo'), dataIndex: 'student_no' },
          { title: t('aid.ent.school'), dataIndex: 'school_name', render: (s: string | null) => s ?? '—' },
          {
            title: t('aid.ent.programme'),
            dataIndex: 'programme',
            render: (c: string) => tc('aidProgramme', c),
          },
          {
            title: t('aid.ent.change'),
            dataIndex: 'kind',
            render: (k: RunChange['kind']) => <Tag color={KIND_COLOR[k]}>{t(`aid.ent.${k}`)}</Tag>,
          },
          {
            title: t('aid.ent.amounts'),
            key: 'amounts',
            render: (_: unknown, r) => `${yuan(r.old_fen)} → ${yuan(r.new_fen)}`,
          },
          {
            title: t('aid.ent.reason'),
            dataIndex: 'reason',
            render: (s: string | null) => s ?? '—',
          },
        ]}
      />
    </Modal>
  );
}
