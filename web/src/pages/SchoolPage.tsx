import { ArrowLeftOutlined, DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, errorMessage, type SchoolRow } from '../api.ts';
import { LoadError } from '../components/LoadError.tsx';
import { SchoolEditModal } from '../components/SchoolEditModal.tsx';
import { useI18n } from '../i18n.ts';
import { useUser } from '../session.tsx';
import { useFetch } from '../useFetch.ts';
import { TransfersOut } from './TransfersOut.tsx';

/** GET /api/schools/:code answers `{ school }`; the bare row is accepted too. */
type SchoolAnswer = { school?: SchoolRow } & Partial<SchoolRow>;

/** /schools/:code — one school's record; editable by roles with schools.edit. */
export function SchoolPage() {
  const { code = '' } = useParams();
  const { t, tc } = useI18n();
  const user = useUser();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const answer = useFetch<SchoolAnswer>(`/api/schools/${encodeURIComponent(code)}`);

  if (answer.error) return <LoadError error={answer.error} onRetry={answer.reload} />;
  const school = answer.data?.school ?? (answer.data?.code ? (answer.data as SchoolRow) : undefined);
  if (!school || school.code !== code) return <Card loading />;

  // The region browser lists schools at township level, so "back" goes to the township.
  const back = school.township_code ?? school.region_code;
  const areaName = [school.county_name, school.township_name, school.village_name]
    .filter(Boolean)
    .join(' / ');
  return (
    <Card
      data-testid="school-detail"
      title={
        <Space>
          {back && (
            <Link to={`/regions/${back}`} aria-label={t('school.back')}>
              <ArrowLeftOutlined />
            </Link>
          )}
          <Typography.Text strong data-testid="school-name">
            {school.name}
          </Typography.Text>
        </Space>
      }
      extra={
        user.permissions.editSchools && (
          <Space>
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('school.edit')}
            </Button>
            {/* Only a school no record names can go (the server says which records keep it). */}
            <Popconfirm
              title={t('school.deleteConfirm', { name: school.name })}
              okText={t('school.delete')}
              okButtonProps={{ danger: true, loading: deleting }}
              onConfirm={async () => {
                setDeleting(true);
                try {
                  await api(`/api/schools/${encodeURIComponent(school.code)}`, { method: 'DELETE' });
                  message.success(t('school.deleted', { name: school.name }));
                  navigate(back ? `/regions/${back}` : '/schools');
                } catch (e) {
                  message.error(errorMessage(e), 8);
                } finally {
                  setDeleting(false);
                }
              }}
            >
              <Button danger icon={<DeleteOutlined />} data-testid="school-delete">
                {t('school.delete')}
              </Button>
            </Popconfirm>
          </Space>
        )
      }
    >
      <Descriptions bordered column={{ xs: 1, md: 2 }} size="middle">
        <Descriptions.Item label={t('school.name')}>{school.name}</Descriptions.Item>
        <Descriptions.Item label={t('school.code')}>{school.code}</Descriptions.Item>
        <Descriptions.Item label={t('school.region')} span={2}>
          {areaName || back || '—'}
          {back && (
            <Link to={`/regions/${back}`} style={{ marginInlineStart: 12 }}>
              {t('school.back')}
            </Link>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('school.stages')} span={2}>
          {(school.stages ?? []).map((s) => (
            <Tag key={s}>{tc('stage', s)}</Tag>
          ))}
        </Descriptions.Item>
        <Descriptions.Item label={t('school.kind')}>{tc('kind', school.kind)}</Descriptions.Item>
        <Descriptions.Item label={t('school.urbanRural')}>
          {tc('urbanRural', school.urban_rural)}
        </Descriptions.Item>
        <Descriptions.Item label={t('school.ownership')}>
          {tc('ownership', school.ownership)}
        </Descriptions.Item>
        <Descriptions.Item label={t('school.boarding')}>
          {school.boarding ? t('common.yes') : t('common.no')}
        </Descriptions.Item>
      </Descriptions>
      {user.permissions.readPersons && <TransfersOut code={school.code} />}
      {editing && (
        <SchoolEditModal
          school={school}
          open={editing}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            answer.reload();
          }}
        />
      )}
    </Card>
  );
}
