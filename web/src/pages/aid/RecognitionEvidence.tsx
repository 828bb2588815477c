import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, List, Modal, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { useFetch } from '../../useFetch.ts';
import { uploadFile } from './common.tsx';
import type { Recognition } from './types.ts';

/** One stored 证明材料 (GET /api/aid/recognitions/:id, without its bytes). */
export interface Attachment {
  id: number;
  filename: string;
  content_type: string;
  size: number;
  created_at: string;
}

/** What the server stores as evidence: PDF, JPG and PNG (aid/attachments.ts checks the bytes too). */
export const EVIDENCE_ACCEPT = '.pdf,.jpg,.jpeg,.png';
const EVIDENCE_EXT = /\.(pdf|jpe?g|png)$/i;
/** The server's limit (ATTACHMENT_LIMIT). */
const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Why a chosen file cannot be evidence, before any upload (a file picker lets "all files" through),
 * or null: the key of the message.
 */
export function evidenceProblem(file: File): 'aid.rec.evidenceType' | 'aid.rec.evidenceSize' | null {
  if (!EVIDENCE_EXT.test(file.name)) return 'aid.rec.evidenceType';
  if (file.size === 0 || file.size > EVIDENCE_MAX_BYTES) return 'aid.rec.evidenceSize';
  return null;
}

/** Uploads one file as evidence of recognition `id`. */
export function uploadEvidence(id: number, file: File): Promise<unknown> {
  return uploadFile(
    `/api/aid/recognitions/${id}/attachments?filename=${encodeURIComponent(file.name)}`,
    file,
  );
}

/** The evidence of one recognition, each file a download (logged as a view of personal data). */
export function EvidenceList({ items }: { items: readonly Attachment[] }) {
  const { t } = useI18n();
  if (items.length === 0)
    return (
      <Typography.Text type="secondary" data-testid="evidence-none">
        {t('aid.rec.evidenceNone')}
      </Typography.Text>
    );
  return (
    <List
      size="small"
      data-testid="evidence-list"
      dataSource={[...items]}
      renderItem={(a) => (
        <List.Item>
          <Space size={6}>
            <PaperClipOutlined />
            <a href={`/api/aid/attachments/${a.id}`} download>
              {a.filename}
            </a>
            <Typography.Text type="secondary">
              {Math.max(1, Math.round(a.size / 1024))} KB · {a.created_at.slice(0, 10)}
            </Typography.Text>
          </Space>
        </List.Item>
      )}
    />
  );
}

/** The stored evidence of a recognition, fetched. */
export function useEvidence(id: number) {
  return useFetch<{ attachments: Attachment[] }>(`/api/aid/recognitions/${id}`);
}

/**
 * 证明材料 of one application: the files on it, and (for who enters applications) another file added —
 * the evidence an application was saved without, or more of it.
 */
export function EvidenceModal({
  rec,
  canUpload,
  onClose,
}: {
  rec: Recognition;
  canUpload: boolean;
  onClose(): void;
}) {
  const { t, p } = useI18n();
  const evidence = useEvidence(rec.id);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function add(file: File) {
    const problem = evidenceProblem(file);
    if (problem) {
      setError(t(problem));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await uploadEvidence(rec.id, file);
      evidence.reload();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open title={`${t('aid.rec.attachment')}${p.colon}${rec.name}`} onCancel={onClose} footer={null}>
      <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="evidence-modal">
        {evidence.error ? (
          <Alert type="error" showIcon title={errorMessage(evidence.error)} />
        ) : (
          <EvidenceList items={evidence.data?.attachments ?? []} />
        )}
        {canUpload && (
          <Upload
            accept={EVIDENCE_ACCEPT}
            showUploadList={false}
            beforeUpload={(f) => {
              void add(f);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={busy} data-testid="evidence-upload">
              {t('aid.rec.upload')}
            </Button>
          </Upload>
        )}
        {error && <Alert type="error" showIcon title={error} data-testid="evidence-error" />}
      </Space>
    </Modal>
  );
}
