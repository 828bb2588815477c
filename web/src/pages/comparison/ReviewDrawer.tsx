import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  type DescriptionsProps,
  Drawer,
  Empty,
  Input,
  Row,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { MIN_REJECT_NOTE_CHARS } from '../../../../src/domain/matching/review-marks.ts';
import { api, errorMessage } from '../../api.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { useI18n } from '../../i18n.ts';
import { rowText } from '../../rowMessages.ts';
import { useUser } from '../../session.tsx';
import { useFetch } from '../../useFetch.ts';
import { matchReason } from './match-reasons.ts';
import type { ReviewAnswer, ReviewCandidate } from './types.ts';

type Differences = NonNullable<ReviewCandidate['differences']>;

/** A name with its masked ID after it (赖刚鹏 350423***********4); either may be missing. */
function withId(name: string | null | undefined, idMasked: string | null | undefined): string {
  return [name, idMasked].filter(Boolean).join(' ');
}

/** A value shown red on an orange ground when it differs between the two records. */
function Diff({ differs, children }: { differs: boolean | undefined; children: ReactNode }) {
  // An empty cell (no ID on file) shows as a dash, not as an empty highlighted box.
  const shown = children === null || children === undefined || children === '' ? '—' : children;
  if (!differs) return <>{shown}</>;
  return (
    <Typography.Text
      type="danger"
      strong
      style={{ background: '#fff2e8', padding: '0 4px' }}
      data-differs="true"
    >
      {shown}
    </Typography.Text>
  );
}

/**
 * The pupil's name with only the characters that differ from the registry's marked, when both
 * names have the same length (李娜/李纳: only 娜); otherwise as `Diff` marks a whole value.
 */
function NameDiff({
  name,
  other,
  differs,
}: {
  name: string;
  other: string | undefined;
  differs: boolean | undefined;
}) {
  const a = [...name];
  const b = [...(other ?? '')];
  if (!differs || a.length !== b.length) return <Diff differs={differs}>{name}</Diff>;
  return (
    <span data-differs="true">
      {a.map((c, i) =>
        c === b[i] ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: characters of one fixed name
          <span key={i}>{c}</span>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: characters of one fixed name
          <Typography.Text key={i} type="danger" strong style={{ background: '#fff2e8', padding: '0 2px' }}>
            {c}
          </Typography.Text>
        ),
      )}
    </span>
  );
}

function CandidateCard({
  index,
  student,
  candidate,
  busy,
  canDecide,
  rejectOnly = false,
  onDecide,
}: {
  index: number;
  student: ReviewAnswer['student'];
  candidate: ReviewCandidate;
  busy: boolean;
  canDecide: boolean;
  /** The pair is confirmed already: only 不是同一人 is left to say. */
  rejectOnly?: boolean;
  onDecide(decision: 'confirm' | 'reject', note: string): void;
}) {
  const { t, tc, p: punct, lang } = useI18n();
  const [note, setNote] = useState('');
  const d: Partial<Differences> = candidate.differences ?? {};
  const p = candidate.person;
  const sex = (s: string | null) => (s ? tc('sex', s) : null);
  const studentItems: DescriptionsProps['items'] = [
    {
      key: 'name',
      label: t('cmp.col.name'),
      children: <NameDiff name={student.name} other={p?.name} differs={d.name} />,
    },
    { key: 'sex', label: t('cmp.field.sex'), children: <Diff differs={d.sex}>{sex(student.sex)}</Diff> },
    {
      key: 'birth',
      label: t('cmp.col.birthDate'),
      children: (
        <>
          <Diff differs={d.birthDate}>{student.birthDate}</Diff>
          {student.idBirthDate && (
            <Typography.Text type="danger" data-testid="review-id-birth-date">
              {t('cmp.idBirthDate', { date: student.idBirthDate })}
            </Typography.Text>
          )}
        </>
      ),
    },
    { key: 'id', label: t('cmp.col.id'), children: <Diff differs={d.idNumber}>{student.idMasked}</Diff> },
    { key: 'no', label: t('cmp.col.studentNo'), children: student.studentNo },
    { key: 'school', label: t('cmp.col.school'), children: student.school },
    {
      key: 'stage',
      label: t('cmp.col.stage'),
      children: [tc('stage', student.stage), student.grade].filter(Boolean).join(' '),
    },
    {
      key: 'guardian',
      label: t('cmp.field.guardian'),
      children: <Diff differs={d.guardian}>{withId(student.guardianName, student.guardianIdMasked)}</Diff>,
    },
    {
      key: 'hukou',
      label: t('cmp.field.hukou'),
      children: <Diff differs={d.place}>{student.hukou ?? '—'}</Diff>,
    },
  ];
  const personItems: DescriptionsProps['items'] = p
    ? [
        {
          key: 'name',
          label: t('cmp.col.name'),
          children: <NameDiff name={p.name} other={student.name} differs={d.name} />,
        },
        { key: 'sex', label: t('cmp.field.sex'), children: <Diff differs={d.sex}>{sex(p.sex)}</Diff> },
        {
          key: 'birth',
          label: t('cmp.col.birthDate'),
          children: <Diff differs={d.birthDate}>{p.birthDate}</Diff>,
        },
        { key: 'id', label: t('cmp.col.id'), children: <Diff differs={d.idNumber}>{p.idMasked}</Diff> },
        { key: 'no', label: t('cmp.col.personNo'), children: p.personNo },
        { key: 'hh', label: t('cmp.col.householdNo'), children: p.householdNo },
        { key: 'rel', label: t('cmp.field.relation'), children: p.relation ?? '—' },
        { key: 'head', label: t('cmp.field.head'), children: withId(p.headName, p.headIdMasked) || '—' },
        {
          key: 'place',
          label: t('cmp.col.place'),
          children: <Diff differs={d.place}>{p.place || '—'}</Diff>,
        },
        {
          key: 'poverty',
          label: t('cmp.col.poverty'),
          children:
            [p.povertyAttribute, p.exitStatus]
              .filter((v): v is string => Boolean(v))
              .map((v) => rowText(lang, v))
              .join(punct.semicolon) || '—',
        },
      ]
    : [];

  return (
    <Card
      size="small"
      data-testid="review-candidate"
      title={t('cmp.candidate', { n: index + 1, name: p?.name ?? '—', no: candidate.personNo })}
      extra={
        candidate.score === null ? null : (
          <Tag color={candidate.score >= 80 ? 'green' : candidate.score >= 50 ? 'orange' : 'red'}>
            {t('cmp.score')} {candidate.score}
          </Tag>
        )
      }
    >
      <Alert
        type="info"
        style={{ marginBottom: 12 }}
        title={`${t('cmp.explanation')}${punct.colon}${matchReason(candidate.explanation, lang)}`}
        description={t('cmp.differs')}
      />
      <Row gutter={16} data-testid="review-side-by-side">
        <Col xs={24} md={12}>
          <Descriptions
            title={t('cmp.studentRecord')}
            bordered
            size="small"
            column={1}
            items={studentItems}
          />
        </Col>
        <Col xs={24} md={12}>
          {p ? (
            <Descriptions
              title={t('cmp.registryRecord')}
              bordered
              size="small"
              column={1}
              items={personItems}
            />
          ) : (
            <Empty description={t('cmp.missingPerson')} />
          )}
        </Col>
      </Row>
      {canDecide && (
        <Space orientation="vertical" style={{ width: '100%', marginTop: 16 }} data-testid="review-decide">
          <Input.TextArea
            rows={2}
            maxLength={500}
            placeholder={t(rejectOnly ? 'cmp.rejectNote' : 'cmp.note')}
            aria-label={t(rejectOnly ? 'cmp.rejectNote' : 'cmp.note')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <Space>
            {!rejectOnly && (
              <Button
                type="primary"
                icon={<CheckOutlined />}
                loading={busy}
                onClick={() => onDecide('confirm', note)}
              >
                {t('cmp.confirm')}
              </Button>
            )}
            <Button
              danger
              icon={<CloseOutlined />}
              // A rejection is told to the auditor: who checked, and how (tester v21b F14, v25b F4).
              disabled={busy || [...note.trim()].length < MIN_REJECT_NOTE_CHARS}
              loading={busy && rejectOnly}
              onClick={() => onDecide('reject', note)}
            >
              {t('cmp.reject')}
            </Button>
          </Space>
        </Space>
      )}
      {candidate.household.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('cmp.household')}
          </Typography.Title>
          <Table
            size="small"
            rowKey="person_no"
            pagination={false}
            dataSource={candidate.household}
            rowClassName={(h) => (h.person_no === candidate.personNo ? 'ant-table-row-selected' : '')}
            columns={[
              { title: t('cmp.col.name'), dataIndex: 'name' },
              {
                title: t('cmp.field.relation'),
                dataIndex: 'relation',
                render: (v: string | null) => v ?? '—',
              },
              {
                title: t('cmp.col.birthDate'),
                dataIndex: 'birth_date',
                render: (v: string | null) => v ?? '—',
              },
              { title: t('cmp.col.personNo'), dataIndex: 'person_no' },
            ]}
          />
        </>
      )}
    </Card>
  );
}

export interface ReviewDrawerProps {
  studentId: number | null;
  onClose(): void;
  /** After a decision was recorded: the page refreshes its lists. */
  onDecided(): void;
}

/** 疑似匹配核实: the student and each candidate side by side, and the reviewer's decision. */
export function ReviewDrawer({ studentId, onClose, onDecided }: ReviewDrawerProps) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const review = useFetch<ReviewAnswer>(studentId === null ? null : `/api/comparison/review/${studentId}`);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const data = review.data?.student.id === studentId ? review.data : undefined;
  // A confirmed pair (automatic or by hand) a reviewer found wrong is rejected here (tester v22b F4).
  const confirmed = data?.result.result === 'confirmed';

  async function decide(personNo: string, decision: 'confirm' | 'reject', note: string) {
    if (studentId === null) return;
    setBusy(true);
    setError(null);
    try {
      await api(`/api/comparison/review/${studentId}`, {
        body: {
          personNo,
          decision,
          ...(note.trim() ? { note: note.trim() } : {}),
          // What this drawer showed: a result decided meanwhile (another tab) is not overwritten.
          ...(data && { seen: { result: data.result.result, personNo: data.result.personNo } }),
        },
      });
      message.success(t(decision === 'confirm' ? 'cmp.confirmed' : 'cmp.rejected'));
      onDecided();
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Drawer
      open={studentId !== null}
      onClose={onClose}
      size={1080}
      destroyOnHidden
      title={
        data
          ? t(confirmed ? 'cmp.reviewConfirmedTitle' : 'cmp.reviewTitle', { name: data.student.name })
          : t('cmp.review')
      }
      data-testid="review-drawer"
    >
      {review.error ? (
        <LoadError error={review.error} onRetry={review.reload} />
      ) : !data ? (
        <Skeleton active />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {data.result.explanation && (
            <Alert
              type={confirmed ? 'info' : 'warning'}
              showIcon
              title={matchReason(data.result.explanation, lang)}
            />
          )}
          {confirmed && user.permissions.write && (
            <Typography.Text type="secondary" data-testid="review-confirmed-hint">
              {t('cmp.confirmedReviewHint')}
            </Typography.Text>
          )}
          {error && <Alert type="error" showIcon title={error} />}
          {data.candidates.length === 0 && <Empty description={t('cmp.noCandidates')} />}
          {data.candidates.map((c, i) => (
            <CandidateCard
              key={c.personNo}
              index={i}
              student={data.student}
              candidate={c}
              busy={busy}
              canDecide={user.permissions.write && (data.result.result === 'review' || confirmed)}
              rejectOnly={confirmed}
              onDecide={(decision, note) => void decide(c.personNo, decision, note)}
            />
          ))}
        </Space>
      )}
    </Drawer>
  );
}
