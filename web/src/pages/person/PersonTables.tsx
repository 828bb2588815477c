import { Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { RowText } from '../../components/RowText.tsx';
import { type I18n, type MessageKey, useI18n } from '../../i18n.ts';
import { TEXT_COLUMN } from '../../textColumn.ts';
import { matchReason } from '../comparison/match-reasons.ts';
import type {
  ChangedField,
  Decision,
  HouseholdMember,
  ListEntry,
  PersonChange,
  PersonEnrolment,
  RegistryMembership,
} from './types.ts';
import { time } from './types.ts';

const RESULT_COLORS: Record<string, string> = {
  confirmed: 'success',
  review: 'warning',
  unmatched: 'default',
};

/**
 * 学籍记录: every enrolment across schools, stages and years, with its comparison result — but for
 * 教师科 (`withResult` false: the current enrolment only, and no word of who is 建档立卡).
 */
export function EnrolmentTable({
  rows,
  withResult = true,
}: {
  rows: PersonEnrolment[];
  withResult?: boolean;
}) {
  const { t, tc, lang } = useI18n();
  return (
    <Table<PersonEnrolment>
      size="small"
      rowKey="id"
      pagination={false}
      data-testid="person-enrolments"
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      columns={[
        { title: t('cmp.col.studentNo'), dataIndex: 'student_no' },
        {
          title: t('cmp.col.school'),
          dataIndex: 'school_name',
          render: (n: string, r) => <Link to={`/schools/${r.school_code}`}>{n}</Link>,
        },
        { title: t('school.stages'), dataIndex: 'stage', render: (s: string) => tc('stage', s) },
        { title: t('person.grade'), dataIndex: 'grade', render: (g: string | null) => g ?? '—' },
        { title: t('person.className'), dataIndex: 'class_name', render: (c: string | null) => c ?? '—' },
        {
          title: t('person.status'),
          dataIndex: 'status',
          render: (s: PersonEnrolment['status'], r) => (
            <Tag color={s === 'enrolled' ? 'blue' : 'default'}>
              {tc('studentStatus', s)}
              {r.left_at ? ` ${r.left_at}` : ''}
            </Tag>
          ),
        },
        ...(withResult
          ? [
              {
                title: t('cmp.col.result'),
                dataIndex: 'result',
                render: (v: string | null, r: PersonEnrolment) =>
                  v ? (
                    <Space orientation="vertical" size={0}>
                      <Tag color={RESULT_COLORS[v]}>{tc('matchResult', v)}</Tag>
                      {r.explanation && (
                        // (Wrapped, so that the table's last columns stay in view at 1400 px — tester v27b F7.)
                        <Typography.Text
                          type="secondary"
                          style={{ fontSize: 12, display: 'block', maxWidth: 360, whiteSpace: 'normal' }}
                        >
                          {matchReason(r.explanation, lang)}
                        </Typography.Text>
                      )}
                    </Space>
                  ) : (
                    '—'
                  ),
              },
            ]
          : []),
        {
          title: t('cmp.col.idProblem'),
          dataIndex: 'id_problem',
          // A passport or 通行证 number is no ID problem: the document is named instead.
          render: (own: string | null, r) => {
            const v = r.match_id_problem ?? own;
            return v !== null ? (
              <RowText text={v} />
            ) : r.id_type ? (
              t('person.otherDocument', { type: r.id_type })
            ) : (
              '—'
            );
          },
        },
        { title: t('person.at'), dataIndex: 'updated_at', render: time },
      ]}
    />
  );
}

/** The roll fields a change can name (students.import.ts snapshotOf), by their column headers. */
const FIELD_LABEL: Record<string, MessageKey> = {
  student_no: 'cmp.col.studentNo',
  name: 'person.field.name',
  id_number_raw: 'person.field.id',
  sex: 'person.field.sex',
  birth_date: 'person.field.birthDate',
  stage: 'person.field.stage',
  grade: 'person.grade',
  class_name: 'person.className',
  hukou: 'person.field.hukou',
  guardian_name: 'person.field.guardianName',
  guardian_id_number: 'person.field.guardianId',
  boarding: 'person.field.boarding',
  left_behind: 'person.field.leftBehind',
  disabled: 'person.field.disabled',
  school_marked_poor: 'person.field.markedPoor',
};

/** 第11、12位不同 in the UI's language (the server says it in Chinese). */
function positions(note: string, t: I18n['t'], p: I18n['p']): string {
  const at = /^第([\d、]+)位不同$/.exec(note);
  return at ? t('person.field.positions', { at: at[1]!.split('\u3001').join(p.enumeration) }) : note;
}

/** “年级：三年级 → 四年级；监护人身份证件号：350421***********7 → …” */
function fieldChanges(fields: ChangedField[], t: I18n['t'], tc: I18n['tc'], p: I18n['p']): string {
  const value = (field: string, v: string | boolean | null): string => {
    if (v === null || v === '') return t('person.field.empty');
    if (typeof v === 'boolean') return t(v ? 'common.yes' : 'common.no');
    if (field === 'stage') return tc('stage', v);
    if (field === 'sex') return tc('sex', v);
    return v;
  };
  return fields
    .map((f) => {
      const key = FIELD_LABEL[f.field];
      const label = key ? t(key) : f.field;
      const where = f.note ? p.paren(positions(f.note, t, p)) : '';
      return `${label}${p.colon}${value(f.field, f.before)} → ${value(f.field, f.after)}${where}`;
    })
    .join(p.semicolon);
}

/** 变动记录: new, moved, left, returned and changed enrolments from successive rolls. */
export function ChangeTable({ rows, enrolments }: { rows: PersonChange[]; enrolments: PersonEnrolment[] }) {
  const { t, tc, p } = useI18n();
  const schools = new Map(enrolments.map((e) => [e.school_code, e.school_name]));
  return (
    <Table<PersonChange & { key: number }>
      size="small"
      pagination={false}
      data-testid="person-changes"
      dataSource={rows.map((r, i) => ({ ...r, key: i }))}
      columns={[
        { title: t('person.changeAt'), dataIndex: 'at', render: time },
        { title: t('cmp.col.studentNo'), dataIndex: 'student_no' },
        {
          title: t('person.changeKind'),
          dataIndex: 'kind',
          render: (k: string) => <Tag>{tc('changeKind', k)}</Tag>,
        },
        {
          title: t('person.changeDetail'),
          key: 'detail',
          render: (_, r) => {
            const school = (code: string | null, name: string | null) =>
              code ? (name ?? schools.get(code) ?? code) : '—';
            const where =
              r.school_before && r.school_after && r.school_before !== r.school_after
                ? `${school(r.school_before, r.school_before_name)} → ${school(r.school_after, r.school_after_name)}`
                : r.school_after
                  ? school(r.school_after, r.school_after_name)
                  : school(r.school_before, r.school_before_name);
            return r.fields.length ? `${where}${p.semicolon}${fieldChanges(r.fields, t, tc, p)}` : where;
          },
        },
      ]}
    />
  );
}

/** A cell's text wrapped within 100 px (the table scrolls sideways only past what the columns need). */
function Wrapped({ children }: { children: React.ReactNode }) {
  return <span style={{ display: 'inline-block', maxWidth: 100, whiteSpace: 'normal' }}>{children}</span>;
}

/** A registry value (贫困户属性, 脱贫状态) in the UI's language, wrapped; — for none. */
function registryValue(v: string | null) {
  return v === null ? (
    '—'
  ) : (
    <Wrapped>
      <RowText text={v} />
    </Wrapped>
  );
}

/**
 * When a list row was imported, and from which file under it (one column: a long file name beside
 * ten others pushed the table past a 1400 px screen in English — verifier v27d F4).
 */
function importedColumn(t: (key: 'person.listImported' | 'person.listFile') => string) {
  return {
    title: `${t('person.listImported')} / ${t('person.listFile')}`,
    key: 'imported',
    render: (_: unknown, r: { imported_at: string; list_file: string | null }) => (
      <span style={{ display: 'inline-block', maxWidth: 240 }}>
        {time(r.imported_at)}
        <br />
        <Typography.Text
          type="secondary"
          style={{ fontSize: 12, wordBreak: 'break-all' }}
          data-testid="list-file"
        >
          {r.list_file ?? '—'}
        </Typography.Text>
      </span>
    ),
  };
}

/** 建档立卡: registry rows of the person (current and earlier imports) and the household. */
export function RegistryTables({
  rows,
  household,
}: {
  rows: RegistryMembership[];
  household: HouseholdMember[];
}) {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Table<RegistryMembership>
        size="small"
        rowKey="id"
        pagination={false}
        data-testid="person-registry"
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        columns={[
          importedColumn(t),
          { title: t('cmp.col.personNo'), dataIndex: 'person_no' },
          { title: t('cmp.col.householdNo'), dataIndex: 'household_no' },
          { title: t('cmp.field.relation'), dataIndex: 'relation', render: (v: string | null) => v ?? '—' },
          {
            title: t('cmp.col.place'),
            key: 'place',
            render: (_, r) => (
              <Wrapped>
                {[r.county_name, r.township_name, r.village_name].filter(Boolean).join(' / ')}
              </Wrapped>
            ),
          },
          {
            title: t('cmp.col.poverty'),
            dataIndex: 'poverty_attribute',
            // (Wraps: the English of a value is three times its Chinese — verifier v27d F4.)
            render: registryValue,
          },
          {
            title: t('cmp.field.exit'),
            dataIndex: 'exit_status',
            render: registryValue,
          },
          {
            title: t('person.schoolStatus'),
            dataIndex: 'school_status',
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('person.current'),
            dataIndex: 'current',
            render: (c: boolean) =>
              c ? <Tag color="green">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>,
          },
        ]}
      />
      {household.length > 0 && (
        <>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('cmp.household')}
          </Typography.Title>
          <Table<HouseholdMember>
            size="small"
            rowKey="person_no"
            pagination={false}
            data-testid="person-household"
            dataSource={household}
            columns={[
              {
                title: t('person.name'),
                dataIndex: 'name',
                render: (n: string, r) => (r.person_id ? <Link to={`/persons/${r.person_id}`}>{n}</Link> : n),
              },
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
    </Space>
  );
}

/** 救助名单: minimum-living, extreme-poverty, disability and hardship list entries. */
export function ListTable({ rows }: { rows: ListEntry[] }) {
  const { t, tc } = useI18n();
  return (
    <Table<ListEntry & { key: number }>
      size="small"
      pagination={false}
      data-testid="person-lists"
      dataSource={rows.map((r, i) => ({ ...r, key: i }))}
      scroll={{ x: 'max-content' }}
      columns={[
        importedColumn(t),
        { title: t('import.listKind'), dataIndex: 'list_kind', render: (k: string) => tc('listKind', k) },
        { title: t('person.listName'), dataIndex: 'name' },
        {
          title: t('person.detail'),
          dataIndex: 'detail',
          className: TEXT_COLUMN,
          render: (v: string | null) => v ?? '—',
        },
        { title: t('region.code'), dataIndex: 'county_code' },
        {
          title: t('person.current'),
          dataIndex: 'current',
          render: (c: boolean) =>
            c ? <Tag color="green">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>,
        },
      ]}
    />
  );
}

/** 比对决定: reviewers' decisions on this person's enrolments. */
export function DecisionTable({ rows }: { rows: Decision[] }) {
  const { t, tc } = useI18n();
  return (
    <Table<Decision & { key: number }>
      size="small"
      pagination={false}
      data-testid="person-decisions"
      dataSource={rows.map((r, i) => ({ ...r, key: i }))}
      columns={[
        { title: t('person.at'), dataIndex: 'at', render: time },
        { title: t('cmp.col.studentNo'), dataIndex: 'student_no' },
        { title: t('cmp.col.personNo'), dataIndex: 'person_no' },
        {
          title: t('person.decision'),
          dataIndex: 'decision',
          render: (d: Decision['decision'], r) => (
            <>
              <Tag color={r.in_force === false ? 'default' : d === 'confirm' ? 'green' : 'red'}>
                {tc('decision', d)}
              </Tag>
              {r.in_force === false && (
                <Tag data-testid="decision-not-in-force">{t('person.decisionNotInForce')}</Tag>
              )}
              {r.in_force !== false && r.person_off_list && (
                <Tag data-testid="decision-person-off-list">{t('person.decisionPersonOffList')}</Tag>
              )}
            </>
          ),
        },
        {
          title: t('person.note'),
          dataIndex: 'note',
          className: TEXT_COLUMN,
          render: (v: string | null) => v ?? '—',
        },
        { title: t('person.actor'), dataIndex: 'actor', render: (v: string | null) => v ?? '—' },
      ]}
    />
  );
}
