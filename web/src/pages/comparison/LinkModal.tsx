import {
  Alert,
  App,
  Checkbox,
  Descriptions,
  type DescriptionsProps,
  Input,
  Modal,
  Space,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api, errorMessage, withQuery } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import type { LinkPreview, StudentResultRow } from './types.ts';

export interface LinkModalProps {
  /** The pupil to link (a row of 未匹配 or 疑似错认); null: closed. */
  row: StudentResultRow | null;
  onClose(): void;
  onLinked(): void;
}

/**
 * 人工关联: a pupil the comparison did not pair with a registry person (未匹配, 疑似错认, or a candidate
 * rejected by mistake) is linked by the person's whole 人编号 or 证件号码, after the reviewer has
 * seen that person's record and written how it was checked.
 */
export function LinkModal({ row, onClose, onLinked }: LinkModalProps) {
  const { t, tc } = useI18n();
  const { message } = App.useApp();
  const [query, setQuery] = useState('');
  const [preview, setPreview] = useState<LinkPreview | null>(null);
  const [note, setNote] = useState('');
  /** The reviewer checked that records unlike in two of name, sex and birth date are one child. */
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function reset() {
    setQuery('');
    setPreview(null);
    setNote('');
    setChecked(false);
    setError(null);
  }

  async function find(q: string) {
    if (!row || q.trim() === '') return;
    setBusy(true);
    setError(null);
    setPreview(null);
    setChecked(false);
    try {
      setPreview(
        await api<LinkPreview>(withQuery(`/api/comparison/link/${row.student_id}`, { query: q.trim() })),
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function link() {
    if (!row || !preview) return;
    setBusy(true);
    setError(null);
    try {
      await api(`/api/comparison/link/${row.student_id}`, {
        body: {
          query: preview.person.personNo,
          note: note.trim(),
          ...(preview.unlike ? { confirmUnlike: checked } : {}),
        },
      });
      message.success(t('cmp.linked'));
      reset();
      onLinked();
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const p = preview?.person;
  const items: DescriptionsProps['items'] = p
    ? [
        { key: 'name', label: t('cmp.col.name'), children: p.name },
        { key: 'sex', label: t('cmp.field.sex'), children: p.sex ? tc('sex', p.sex) : '—' },
        { key: 'birth', label: t('cmp.col.birthDate'), children: p.birthDate ?? '—' },
        { key: 'id', label: t('cmp.col.id'), children: p.idMasked ?? '—' },
        { key: 'relation', label: t('cmp.field.relation'), children: p.relation ?? '—' },
        { key: 'head', label: t('cmp.field.head'), children: p.headName ?? '—' },
        { key: 'no', label: t('cmp.col.personNo'), children: p.personNo },
        { key: 'house', label: t('cmp.col.householdNo'), children: p.householdNo },
        { key: 'place', label: t('cmp.col.place'), children: p.place || '—', span: 2 },
      ]
    : [];

  return (
    <Modal
      open={row !== null}
      title={row ? t('cmp.linkTitle', { name: row.name }) : ''}
      okText={t('cmp.linkOk')}
      onOk={() => void link()}
      okButtonProps={{
        disabled:
          !preview ||
          note.trim().length < 2 ||
          (preview.unlike !== null && (preview.unlike.refused || !checked)),
        loading: busy,
        'data-testid': 'link-ok',
      }}
      onCancel={() => {
        reset();
        onClose();
      }}
      destroyOnHidden
      width={720}
      data-testid="link-modal"
    >
      {row && (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('cmp.linkHelp', {
              name: row.name,
              school: row.school_name ?? '',
              id: row.id_masked || t('cmp.idMissing'),
            })}
          </Typography.Paragraph>
          <Input.Search
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onSearch={(q) => void find(q)}
            enterButton={t('cmp.linkFind')}
            placeholder={t('cmp.linkPlaceholder')}
            maxLength={64}
            loading={busy && !preview}
            data-testid="link-query"
          />
          {error && <Alert type="error" showIcon title={error} />}
          {p && (
            <>
              <Descriptions size="small" bordered column={2} items={items} data-testid="link-person" />
              {preview?.confirmedTo && (
                <Alert
                  type="warning"
                  showIcon
                  title={t('cmp.linkTaken', {
                    name: preview.confirmedTo.name,
                    no: preview.confirmedTo.studentNo,
                    school: preview.confirmedTo.school,
                  })}
                />
              )}
              {preview?.unlike && (
                <Alert
                  type={preview.unlike.refused ? 'error' : 'warning'}
                  showIcon
                  data-testid="link-unlike"
                  title={errorMessage(new Error(preview.unlike.message))}
                  description={
                    preview.unlike.refused ? undefined : (
                      <Checkbox
                        checked={checked}
                        onChange={(e) => setChecked(e.target.checked)}
                        data-testid="link-unlike-confirm"
                      >
                        {t('cmp.linkUnlikeConfirm')}
                      </Checkbox>
                    )
                  }
                />
              )}
              <Input.TextArea
                value={note}
                onChange={(e) => setNote(e.target.value)}
                placeholder={t('cmp.linkNote')}
                maxLength={500}
                autoSize={{ minRows: 2, maxRows: 4 }}
                data-testid="link-note"
              />
            </>
          )}
        </Space>
      )}
    </Modal>
  );
}
