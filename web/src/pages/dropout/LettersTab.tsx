import { UploadOutlined } from '@ant-design/icons';
import { App, Button, InputNumber, Space, Switch, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../api.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { useI18n } from '../../i18n.ts';
import { useUser } from '../../session.tsx';
import { useFetch } from '../../useFetch.ts';
import type { LetterRow } from './types.ts';

/** 责任书: issue per school and township for the year, track who signed, upload signed scans. */
export function LettersTab() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const [year, setYear] = useState(new Date().getFullYear());
  const [onlyUnsigned, setOnlyUnsigned] = useState(false);
  const list = useFetch<{ items: LetterRow[]; signed: number; unsigned: number }>('/api/dropout/letters', {
    year,
    signed: onlyUnsigned ? 'false' : undefined,
  });
  const canIssue =
    user.permissions.write &&
    !user.schoolCode &&
    user.scopeCode.length <= 6 &&
    user.role !== 'teacher_section';

  async function issue() {
    try {
      const r = await api<{ issued: number }>('/api/dropout/letters/issue', { body: { year } });
      message.success(t('dropout.issued', { n: r.issued }));
      list.reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  async function upload(id: number, file: File) {
    const res = await fetch(`/api/dropout/letters/${id}/scan?filename=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': file.type || 'application/octet-stream' },
      body: file,
    });
    if (res.ok) {
      message.success(t('dropout.saved'));
      list.reload();
    } else {
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      message.error(body?.error?.message ?? `HTTP ${res.status}`);
    }
  }

  async function markSigned(id: number) {
    try {
      await api(`/api/dropout/letters/${id}`, { method: 'PATCH', body: { signed: true } });
      list.reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <span>{t('dropout.letterYear')}</span>
        <InputNumber min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} />
        <span>
          <Switch size="small" checked={onlyUnsigned} onChange={setOnlyUnsigned} />{' '}
          {t('dropout.onlyUnsigned')}
        </span>
        {canIssue && (
          <Button type="primary" onClick={issue} data-testid="letters-issue">
            {t('dropout.issueLetters')}
          </Button>
        )}
        {list.data && (
          <Typography.Text type="secondary">
            {t('dropout.lettersSummary', { signed: list.data.signed, unsigned: list.data.unsigned })}
          </Typography.Text>
        )}
      </Space>
      <Table<LetterRow>
        rowKey="id"
        size="small"
        data-testid="letter-table"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={[
          { title: t('dropout.party'), dataIndex: 'party_name' },
          {
            title: t('dropout.partyKind'),
            dataIndex: 'party_kind',
            render: (k: string) =>
              t(k === 'school' ? 'dropout.partyKind.school' : 'dropout.partyKind.township'),
          },
          { title: t('dropout.county'), dataIndex: 'county_name' },
          {
            title: t('dropout.status'),
            dataIndex: 'signed',
            render: (s: boolean) =>
              s ? (
                <Tag color="success">{t('dropout.signed')}</Tag>
              ) : (
                <Tag color="orange">{t('dropout.unsigned')}</Tag>
              ),
          },
          { title: t('dropout.signedAt'), dataIndex: 'signed_at', render: (d: string | null) => d ?? '—' },
          {
            title: t('common.actions'),
            key: 'act',
            render: (_: unknown, r) => (
              <Space size={4} wrap>
                {r.scan_name && (
                  <a href={`/api/dropout/letters/${r.id}/scan`} target="_blank" rel="noreferrer">
                    {t('dropout.viewScan')}
                  </a>
                )}
                {user.permissions.write && (
                  <Upload
                    accept=".pdf,.jpg,.jpeg,.png"
                    showUploadList={false}
                    beforeUpload={(f) => {
                      void upload(r.id, f);
                      return false;
                    }}
                  >
                    <Button size="small" icon={<UploadOutlined />}>
                      {t('dropout.uploadScan')}
                    </Button>
                  </Upload>
                )}
                {user.permissions.write && !r.signed && (
                  <Button size="small" onClick={() => markSigned(r.id)}>
                    {t('dropout.markSigned')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}
