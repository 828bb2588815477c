import { FileWordOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Skeleton,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, errorMessage } from '../../api.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { useI18n } from '../../i18n.ts';
import { TEXT_COLUMN } from '../../textColumn.ts';
import { useFetch } from '../../useFetch.ts';
import { PersuasionModal, StatusModal } from './CaseModals.tsx';
import { caseEventNote } from './event-note.ts';
import { HomeTeachingCard } from './HomeTeachingCard.tsx';
import { type CaseDetail, type CaseStatus, type Persuasion, STATUS_COLORS } from './types.ts';

/** /dropout/cases/:id — 一人一案: the child, the case, every persuasion, the history, reports, 送教上门. */
export function CaseDetailPage() {
  const { id } = useParams();
  const { t, tc, p, lang } = useI18n();
  const { message } = App.useApp();
  const d = useFetch<CaseDetail>(`/api/dropout/cases/${id}`);
  const [persuading, setPersuading] = useState(false);
  const [to, setTo] = useState<CaseStatus | null>(null);
  const [busy, setBusy] = useState(false);
  if (d.error) return <LoadError error={d.error} onRetry={d.reload} />;
  if (!d.data) return <Skeleton active />;
  const { case: c, canWrite, enrolment, returnSchool } = d.data;
  const showHomeTeaching = c.key_groups.includes('disabled') || !!d.data.homeTeaching;

  async function report(recipient: 'township' | 'county') {
    setBusy(true);
    try {
      await api(`/api/dropout/cases/${c.id}/reports`, { body: { recipient } });
      d.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap size={[8, 0]}>
            <span data-testid="case-title">{t('dropout.caseTitle', { name: c.name })}</span>
            <Tag color={STATUS_COLORS[c.status]} data-testid="case-status">
              {tc('dropoutStatus', c.status)}
            </Tag>
            {c.overdue && <Tag color="red">{`${t('dropout.overdue')} ${c.days_overdue}`}</Tag>}
          </Space>
        }
        extra={<Link to="/dropout?tab=cases">{t('dropout.tab.cases')}</Link>}
      >
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="case-detail">
          <Descriptions.Item label={t('dropout.name')}>{c.name}</Descriptions.Item>
          <Descriptions.Item label={t('dropout.sex')}>{c.sex ? tc('sex', c.sex) : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('dropout.idNumber')}>{c.id_number || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('dropout.birthDate')}>{c.birth_date ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('dropout.county')}>{c.county_name}</Descriptions.Item>
          <Descriptions.Item label={t('school.region')}>{c.region_name}</Descriptions.Item>
          <Descriptions.Item label={t('dropout.school')}>{c.school_name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('dropout.source')}>{tc('caseSource', c.source)}</Descriptions.Item>
          <Descriptions.Item label={t('dropout.reason')}>
            {tc('dropoutReason', c.reason)}
            {c.reason_note ? p.paren(c.reason_note) : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('dropout.keyGroups')}>
            {c.key_groups.map((g) => (
              <Tag key={g}>{tc('keyGroup', g)}</Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('dropout.leftAt')}>{c.left_at ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('dropout.openedAt')}>{c.opened_at}</Descriptions.Item>
          <Descriptions.Item label={t('dropout.deadline')}>{c.deadline ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('dropout.responsibleSchool')}>
            {c.responsible_school ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('dropout.responsibleTownship')}>
            {c.responsible_township ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('dropout.responsibleCounty')}>
            {c.responsible_county ?? '—'}
          </Descriptions.Item>
          {c.return_date && (
            <Descriptions.Item label={t('dropout.returnDate')}>{c.return_date}</Descriptions.Item>
          )}
          {returnSchool && (
            <Descriptions.Item label={t('dropout.returnSchool')}>
              <span data-testid="return-school-name">{returnSchool.name}</span>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('dropout.rollNow')}>
            <span data-testid="roll-now">
              {enrolment.enrolled
                ? [...enrolment.schools, ...(enrolment.elsewhere ? [t('dropout.rollElsewhere')] : [])].join(
                    p.enumeration,
                  )
                : t('dropout.rollNone')}
            </span>
          </Descriptions.Item>
          {c.closing_note && (
            <Descriptions.Item label={t('dropout.closingNote')}>{c.closing_note}</Descriptions.Item>
          )}
        </Descriptions>
        {enrolment.returnState === 'unconfirmed' && (
          <Alert
            style={{ marginTop: 12 }}
            type="warning"
            showIcon
            data-testid="return-unconfirmed"
            title={t('dropout.returnUnconfirmedHint')}
          />
        )}
        {canWrite && (
          <Space wrap style={{ marginTop: 12 }}>
            {['suspected', 'persuading', 'reported'].includes(c.status) && (
              <Button type="primary" onClick={() => setPersuading(true)} data-testid="persuasion-add">
                {t('dropout.addPersuasion')}
              </Button>
            )}
            {d.data.next.map((s) => (
              <Button key={s} onClick={() => setTo(s)} data-testid={`status-${s}`}>
                {t('dropout.changeTo', { status: tc('dropoutStatus', s) })}
              </Button>
            ))}
          </Space>
        )}
      </Card>

      <Card size="small" title={t('dropout.persuasions')}>
        <Table<Persuasion>
          size="small"
          rowKey="id"
          pagination={false}
          data-testid="persuasion-table"
          dataSource={d.data.persuasions}
          columns={[
            { title: t('dropout.persuasionDate'), dataIndex: 'date' },
            { title: t('dropout.persuader'), dataIndex: 'persuader' },
            {
              title: t('dropout.method'),
              dataIndex: 'method',
              render: (m: string) => tc('persuasionMethod', m),
            },
            {
              title: t('dropout.result'),
              dataIndex: 'result',
              render: (r: string) => (
                <Tag color={r === 'failed' ? 'red' : r === 'succeeded' ? 'green' : 'default'}>
                  {tc('persuasionResult', r)}
                </Tag>
              ),
            },
            { title: t('dropout.note'), dataIndex: 'note', className: TEXT_COLUMN },
          ]}
        />
      </Card>

      <Card size="small" title={t('dropout.reports')} data-testid="reports">
        <Typography.Paragraph type="secondary">{t('dropout.reportHint')}</Typography.Paragraph>
        {canWrite && (
          <Space wrap style={{ marginBottom: 12 }}>
            <Button
              icon={<FileWordOutlined />}
              loading={busy}
              onClick={() => report('township')}
              data-testid="report-township"
            >
              {t('dropout.reportTownship')}
            </Button>
            <Button
              icon={<FileWordOutlined />}
              loading={busy}
              onClick={() => report('county')}
              data-testid="report-county"
            >
              {t('dropout.reportCounty')}
            </Button>
          </Space>
        )}
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {d.data.reports.map((r) => (
            <li key={r.id}>
              {r.recipient_name} · {r.created_by_name} ·{' '}
              {new Date(r.created_at).toLocaleString('zh-CN', { hour12: false })}{' '}
              <a
                href={`/api/dropout/reports/${r.id}/docx`}
                download={r.filename}
                data-testid={`report-download-${r.id}`}
              >
                {t('dropout.download')} {r.filename}
              </a>
            </li>
          ))}
        </ul>
      </Card>

      {showHomeTeaching && <HomeTeachingCard detail={d.data} onDone={d.reload} />}

      <Card size="small" title={t('dropout.history')}>
        <Timeline
          data-testid="case-history"
          items={d.data.events.map((e) => ({
            key: e.id,
            color: STATUS_COLORS[e.to_status] === 'default' ? 'gray' : undefined,
            content: `${e.date} ${e.from_status ? `${tc('dropoutStatus', e.from_status)} → ` : ''}${tc('dropoutStatus', e.to_status)} · ${e.actor_name}${e.note ? ` · ${caseEventNote(e.note, lang)}` : ''}`,
          }))}
        />
      </Card>

      <PersuasionModal
        case={c}
        today={d.data.today}
        open={persuading}
        onClose={() => setPersuading(false)}
        onDone={d.reload}
      />
      <StatusModal
        case={c}
        today={d.data.today}
        to={to}
        rollSchool={enrolment.current.length === 1 ? enrolment.current[0]! : null}
        onClose={() => setTo(null)}
        onDone={d.reload}
      />
    </Space>
  );
}
