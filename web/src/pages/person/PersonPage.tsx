import { ArrowLeftOutlined, EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Empty, Space, Tabs, Tag, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, errorMessage } from '../../api.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { useI18n } from '../../i18n.ts';
import { rowText } from '../../rowMessages.ts';
import { useUser } from '../../session.tsx';
import { useFetch } from '../../useFetch.ts';
import { PersonAid } from './PersonAid.tsx';
import { PersonCare } from './PersonCare.tsx';
import { PersonCases } from './PersonCases.tsx';
import { PersonRelief } from './PersonRelief.tsx';
import { ChangeTable, DecisionTable, EnrolmentTable, ListTable, RegistryTables } from './PersonTables.tsx';
import type { MovedRecord, PersonFile } from './types.ts';

/**
 * The masked ID with 显示完整证件号 for roles that may see it (`unmaskable`: not on a file that shows
 * only where a record went); each view is logged.
 */
function IdNumber({
  personId,
  masked,
  hasId,
  unmaskable,
}: {
  personId: number;
  masked: string | null;
  hasId: boolean;
  unmaskable: boolean;
}) {
  const { t } = useI18n();
  const user = useUser();
  const [full, setFull] = useState<{ id: number; value: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!hasId) return <Typography.Text type="secondary">{masked ?? t('person.noId')}</Typography.Text>;
  const shown = full?.id === personId ? full.value : null;

  async function unmask() {
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ idNumber: string | null }>(`/api/persons/${personId}/unmask`, { method: 'POST' });
      setFull({ id: personId, value: r.idNumber });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Space wrap>
      {shown ? (
        <>
          <Typography.Text copyable strong data-testid="person-id-full">
            {shown}
          </Typography.Text>
          <Tag color="orange" data-testid="person-unmask-logged">
            {t('person.unmaskLogged')}
          </Tag>
        </>
      ) : (
        <>
          <Typography.Text data-testid="person-id-masked">{masked}</Typography.Text>
          {unmaskable && user.permissions.unmask && (
            <Button size="small" icon={<EyeOutlined />} loading={busy} onClick={() => void unmask()}>
              {t('person.unmask')}
            </Button>
          )}
        </>
      )}
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
    </Space>
  );
}

/**
 * Records a corrected ID moved out of this file or into it: each as one sentence (IDs masked), with
 * the other file's link when the user may open it.
 */
function MovedRecords({ rows, testId }: { rows: MovedRecord[]; testId: string }) {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" size={0} data-testid={testId}>
      {rows.map((r) => (
        <span key={`${r.direction}-${r.student_no}`}>
          {t(r.direction === 'out' ? 'person.movedOutItem' : 'person.movedInItem', {
            studentNo: r.student_no,
            day: r.day,
            from: r.from_id,
            to: r.to_id,
          })}
          {r.person_id !== null && (
            <>
              {' '}
              <Link to={`/persons/${r.person_id}`} data-testid="person-moved-link">
                {t('person.openOther')}
              </Link>
            </>
          )}
        </span>
      ))}
    </Space>
  );
}

/** The calendar day of a timestamp (the browser's, in China the bureau's). */
function day(s: string): string {
  return new Date(s).toLocaleDateString('zh-CN');
}

function orEmpty(n: number, node: ReactNode, empty: string): ReactNode {
  return n > 0 ? node : <Empty description={empty} />;
}

/** /persons/:id — 一生一档: identity, every enrolment, changes, registry, lists, decisions, cases. */
export function PersonPage() {
  const { id = '' } = useParams();
  const { t, tc, p, lang } = useI18n();
  const user = useUser();
  const file = useFetch<PersonFile>(`/api/persons/${encodeURIComponent(id)}`);
  if (file.error) return <LoadError error={file.error} onRetry={file.reload} />;
  const data = file.data;
  if (!data || String(data.person.id) !== id) return <Card loading />;
  const { person } = data;
  const empty = t('person.empty');
  const enrolled = data.students.filter((s) => s.status === 'enrolled');
  // The tabs of the whole file: not to 教师科 (care_only), whose file has the current enrolment and
  // the care tab only — no roll history, 建档立卡, lists, decisions (sent empty) or dropout cases (403).
  const fullTabs = data.care_only
    ? []
    : [
        {
          key: 'changes',
          label: `${t('person.tab.changes')} (${data.changes.length})`,
          children: orEmpty(
            data.changes.length,
            <ChangeTable rows={data.changes} enrolments={data.students} />,
            empty,
          ),
        },
        {
          key: 'registry',
          label: `${t('person.tab.registry')} (${data.registry.length})`,
          children: orEmpty(
            data.registry.length,
            <RegistryTables rows={data.registry} household={data.household} />,
            empty,
          ),
        },
        {
          key: 'lists',
          label: `${t('person.tab.lists')} (${data.lists.length})`,
          children: orEmpty(data.lists.length, <ListTable rows={data.lists} />, empty),
        },
        {
          key: 'decisions',
          label: `${t('person.tab.decisions')} (${data.decisions.length})`,
          children: orEmpty(data.decisions.length, <DecisionTable rows={data.decisions} />, empty),
        },
        {
          key: 'dropout',
          label: t('person.tab.dropout'),
          children: <PersonCases personId={person.id} name={person.name} enrolled={enrolled} />,
        },
      ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="person-page">
      <Card
        title={
          <Space>
            <Link to="/persons" aria-label={t('person.back')}>
              <ArrowLeftOutlined />
            </Link>
            <span>{t('person.file')}</span>
            <Typography.Text strong data-testid="person-name">
              {person.name}
            </Typography.Text>
          </Space>
        }
      >
        <Descriptions
          bordered
          size="middle"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            { key: 'name', label: t('person.name'), children: person.name },
            { key: 'sex', label: t('cmp.field.sex'), children: person.sex ? tc('sex', person.sex) : '—' },
            { key: 'birth', label: t('cmp.col.birthDate'), children: person.birth_date ?? '—' },
            {
              key: 'id',
              label: t('person.id'),
              span: 2,
              children: (
                <IdNumber
                  personId={person.id}
                  masked={person.id_masked}
                  hasId={person.has_id}
                  unmaskable={!data.history_only}
                />
              ),
            },
            { key: 'no', label: t('person.fileNo'), children: person.id },
            // A newer roll gave the pupil another 学籍号 (temporary L… → G + ID): the old one is on
            // last year's papers, and still finds this file.
            ...(data.renumbered.length > 0
              ? [
                  {
                    key: 'renumbered',
                    label: t('person.renumbered'),
                    span: 3,
                    children: (
                      <Space orientation="vertical" size={0} data-testid="person-renumbered">
                        {data.renumbered.map((r) => (
                          <span key={`${r.from}-${r.at}`}>
                            {t('person.renumberedItem', { from: r.from, to: r.to, at: day(r.at) })}
                          </span>
                        ))}
                      </Space>
                    ),
                  },
                ]
              : []),
            // A roll corrected the pupil's ID: the record left this file for the new ID's (an old list,
            // export or search by the former ID leads here), or came here from the former ID's.
            ...(data.moved_out.length > 0
              ? [
                  {
                    key: 'movedOut',
                    label: t('person.movedOut'),
                    span: 3,
                    children: <MovedRecords rows={data.moved_out} testId="person-moved-out" />,
                  },
                ]
              : []),
            ...(data.moved_in.length > 0
              ? [
                  {
                    key: 'movedIn',
                    label: t('person.movedIn'),
                    span: 3,
                    children: <MovedRecords rows={data.moved_in} testId="person-moved-in" />,
                  },
                ]
              : []),
          ]}
        />
        {data.care_only && (
          // 教师科: the file of a child paired with a caring teacher, its hardship records left out.
          <Alert
            style={{ marginTop: 12 }}
            type="info"
            showIcon
            data-testid="person-care-only"
            title={t('person.careOnly')}
          />
        )}
        {data.history_only && (
          <Alert
            style={{ marginTop: 12 }}
            type="warning"
            showIcon
            data-testid="person-history-only"
            title={t('person.historyOnly')}
          />
        )}
        {data.registry.some((r) => r.current) && (
          // In the registry: a pupil only while enrolled somewhere; otherwise the file says so.
          <Alert
            style={{ marginTop: 12 }}
            type={enrolled.length > 0 ? 'info' : 'warning'}
            showIcon
            data-testid="person-registry-banner"
            title={`${t(enrolled.some((s) => s.result === 'confirmed') ? 'person.linked' : 'person.registered')}${p.colon}${data.registry
              .filter((r) => r.current)
              .map((r) =>
                [r.poverty_attribute, r.exit_status]
                  .filter((v): v is string => Boolean(v))
                  .map((v) => rowText(lang, v))
                  .join(p.comma),
              )
              .join(p.semicolon)}${enrolled.length > 0 ? '' : `${p.stop}${t('person.noEnrolment')}`}`}
          />
        )}
      </Card>
      {/* Nothing of the person's in the user's scope: no tab (their records, cases and aid are refused). */}
      {!data.history_only && (
        <Card>
          <Tabs
            items={[
              {
                key: 'students',
                label: `${t(data.care_only ? 'person.tab.enrolled' : 'person.tab.students')} (${data.students.length})`,
                children: orEmpty(
                  data.students.length,
                  <EnrolmentTable rows={data.students} withResult={!data.care_only} />,
                  empty,
                ),
              },
              ...fullTabs,
              // 学生资助 tabs only for roles that read aid records (not 乡镇干部: their 403 would fill the
              // tab); 教师科 reads the care tab (红烛暖心 pairings and visits) only.
              ...(user.permissions.readAid
                ? [
                    { key: 'aid', label: t('aid.person.tab'), children: <PersonAid personId={person.id} /> },
                    {
                      key: 'relief',
                      label: t('person.tab.relief'),
                      children: <PersonRelief personId={person.id} />,
                    },
                  ]
                : []),
              ...(user.permissions.readCare
                ? [
                    {
                      key: 'care',
                      label: t('person.tab.care'),
                      children: <PersonCare personId={person.id} />,
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
