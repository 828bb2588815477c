import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Descriptions,
  Drawer,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { useUser } from '../../session.tsx';
import { useFetch } from '../../useFetch.ts';
import { uploadFile } from './common.tsx';
import { termLabel } from './EntitlementsPage.tsx';
import { fenToYuan, type LineIssue, type PaymentLine, type PaymentList, STATUS_COLORS } from './types.ts';

const COUNTY = ['county_admin', 'county_aid_centre'];
/** Who prepares lists (制单; payment.service.ts MAKERS): edits drafts, deals with failed bank lines. */
const MAKERS = ['school_aid_officer', 'county_aid_centre', 'county_admin', 'city_aid_centre', 'city_admin'];

/**
 * What a line's action does, each with a reason for the audit trail: on a draft, change the
 * amount or remove the line; on an approved list, a line the bank could not pay is re-sent on
 * this list (重新发放) or left to the next 补发名单 (转入补发).
 */
type LineActionKind = 'amount' | 'remove' | 'resend' | 'requeue';

interface BankResult {
  paid: number;
  failed: number;
  pendingLeft: number;
}

/** One list: checks as alerts, the lines, and the actions its status allows (maker–checker). */
export function PaymentDetail({
  id,
  programmeName,
  onClose,
  onChanged,
}: {
  id: number;
  programmeName(code: string): string;
  onClose(): void;
  onChanged(): void;
}) {
  const { t, p } = useI18n();
  const user = useUser();
  const detail = useFetch<{ list: PaymentList; lines: PaymentLine[] }>(`/api/aid/payment-lists/${id}`);
  const checks = useFetch<{ issues: LineIssue[] }>(`/api/aid/payment-lists/${id}/checks`);
  const [error, setError] = useState<{ message: string; rows?: { row: number; message: string }[] } | null>(
    null,
  );
  const [result, setResult] = useState<BankResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const [lineAction, setLineAction] = useState<{ kind: LineActionKind; line: PaymentLine } | null>(null);
  const [lineReason, setLineReason] = useState('');
  const [lineYuan, setLineYuan] = useState<number | null>(null);
  const list = detail.data?.list;
  const isCounty = COUNTY.includes(user.role);
  const isMaker = MAKERS.includes(user.role);
  // The server refuses to let the maker or the submitter approve (maker–checker): no button for them.
  const ownList = !!list && (list.created_by === user.id || list.submitted_by === user.id);
  const lines = detail.data?.lines ?? [];
  const sum = (ls: PaymentLine[]) => ls.reduce((n, l) => n + l.amount_fen, 0);
  const paidLines = lines.filter((l) => l.status === 'paid');
  const failedLines = lines.filter((l) => l.status === 'failed' || l.status === 'requeued');
  const unsettled = lines.filter((l) => l.status === 'failed').length;
  const canEditLines = list?.status === 'draft' && isMaker;
  const canSettleFailed = (list?.status === 'approved' || list?.status === 'paid') && isMaker;
  // Warnings (to verify) and notices (an entitlement a later run ended) are shown but do not hold a list up.
  const issues = (checks.data?.issues ?? []).filter((i) => i.severity === 'error');
  // The server refuses to submit a list that fails the checks; the button says so first.
  const blocked = !checks.data || issues.length > 0;

  async function act(fn: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await fn();
      detail.reload();
      checks.reload();
      onChanged();
      return true;
    } catch (e) {
      setError({ message: errorMessage(e), rows: (e as { rows?: { row: number; message: string }[] }).rows });
      return false;
    } finally {
      setBusy(false);
    }
  }
  const post = (action: string, body?: unknown) =>
    act(() => api(`/api/aid/payment-lists/${id}/${action}`, { method: 'POST', body }));

  function openLineAction(kind: LineActionKind, line: PaymentLine) {
    setLineAction({ kind, line });
    setLineReason('');
    setLineYuan(line.amount_fen / 100);
    setError(null);
  }

  async function doLineAction() {
    if (!lineAction) return;
    const { kind, line } = lineAction;
    const url = `/api/aid/payment-lists/${id}/lines/${line.id}`;
    const reasonText = lineReason.trim();
    const ok = await act(() =>
      kind === 'amount'
        ? api(url, {
            method: 'PATCH',
            body: { amountFen: Math.round((lineYuan ?? 0) * 100), reason: reasonText },
          })
        : kind === 'remove'
          ? api(url, { method: 'DELETE', query: { reason: reasonText } })
          : api(`${url}/${kind}`, { method: 'POST', body: { reason: reasonText } }),
    );
    if (ok) setLineAction(null);
  }

  async function bank(file: File) {
    setResult(null);
    await act(async () => {
      const r = await uploadFile<BankResult>(
        `/api/aid/payment-lists/${id}/bank-return?filename=${encodeURIComponent(file.name)}`,
        file,
        file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : undefined,
      );
      setResult(r);
    });
  }

  return (
    <Drawer
      open
      size="large"
      onClose={onClose}
      title={`${t('aid.pay.detail')} #${id}`}
      data-testid="pay-drawer"
    >
      {list && (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Descriptions
            size="small"
            bordered
            column={2}
            items={[
              { key: 'p', label: t('aid.ent.programme'), children: programmeName(list.programme) },
              { key: 't', label: t('aid.ent.term'), children: termLabel(list.term) },
              { key: 's', label: t('aid.rec.school'), children: list.school_name },
              {
                key: 'sum',
                label: t('aid.pay.total'),
                children: `${fenToYuan(sum(lines))}${p.paren(t('aid.pay.people', { n: lines.length }))}`,
              },
              {
                key: 'paid',
                label: t('aid.pay.paidTotal'),
                children: (
                  <span data-testid="pay-paid-total">
                    {fenToYuan(sum(paidLines))}
                    {p.paren(t('aid.pay.people', { n: paidLines.length }))}
                    {failedLines.length > 0 &&
                      `${p.semicolon}${t('aid.pay.failedSum', { yuan: fenToYuan(sum(failedLines)), n: failedLines.length })}`}
                  </span>
                ),
              },
              {
                key: 'st',
                label: t('aid.rec.status'),
                children: (
                  <Tag color={STATUS_COLORS[list.status]} data-testid="pay-status">
                    {t(`aid.listStatus.${list.status}` as 'aid.listStatus.draft')}
                  </Tag>
                ),
              },
            ]}
          />
          {list.returned_reason && (
            <Alert type="warning" showIcon title={t('aid.pay.returned', { reason: list.returned_reason })} />
          )}
          <Typography.Title level={5}>{t('aid.pay.checks')}</Typography.Title>
          <Space orientation="vertical" style={{ width: '100%' }} data-testid="pay-checks">
            {issues.length === 0 && checks.data && (
              <Alert type="success" showIcon title={t('aid.pay.checksOk')} />
            )}
            {checks.data?.issues.map((i) => (
              <Alert
                key={`${i.lineId}-${i.kind}-${i.message}`}
                type={i.severity === 'notice' ? 'info' : 'warning'}
                showIcon
                title={i.message}
                data-testid={`pay-check-${i.severity}`}
              />
            ))}
          </Space>
          <Space wrap>
            {list.status === 'draft' && (
              <>
                <Button
                  type="primary"
                  loading={busy}
                  disabled={blocked}
                  onClick={() => void post('submit')}
                  data-testid="pay-submit"
                >
                  {t('aid.pay.submit')}
                </Button>
                {issues.length > 0 && (
                  <Typography.Text type="warning" data-testid="pay-submit-blocked">
                    {t('aid.pay.submitBlocked', { n: issues.length })}
                  </Typography.Text>
                )}
              </>
            )}
            {list.status === 'submitted' && isCounty && ownList && (
              <Typography.Text type="secondary" data-testid="pay-own-list">
                {t('aid.pay.ownList')}
              </Typography.Text>
            )}
            {list.status === 'submitted' && isCounty && !ownList && (
              <>
                <Popconfirm
                  title={t('aid.pay.approveConfirm')}
                  description={t('aid.pay.approveConfirmText', {
                    n: lines.length,
                    yuan: fenToYuan(sum(lines)),
                  })}
                  okText={t('aid.pay.approve')}
                  onConfirm={() => void post('approve')}
                >
                  <Button type="primary" loading={busy} data-testid="pay-approve">
                    {t('aid.pay.approve')}
                  </Button>
                </Popconfirm>
                <Button danger onClick={() => setReturning(true)}>
                  {t('aid.pay.return')}
                </Button>
              </>
            )}
            {list.status === 'approved' && (
              <Button
                icon={<DownloadOutlined />}
                href={`/api/aid/payment-lists/${id}/bank-file?format=xlsx`}
                data-testid="pay-bank-file"
              >
                {t('aid.pay.bankFile')}
              </Button>
            )}
            {list.status === 'approved' && (
              <Upload
                accept=".xlsx,.xls,.csv"
                showUploadList={false}
                beforeUpload={(f) => {
                  void bank(f);
                  return false;
                }}
              >
                <Button icon={<UploadOutlined />} loading={busy} data-testid="pay-bank">
                  {t('aid.pay.bankReturn')}
                </Button>
              </Upload>
            )}
          </Space>
          {list.status === 'approved' && (
            <Typography.Text type="secondary">{t('aid.pay.bankHint')}</Typography.Text>
          )}
          {unsettled > 0 && (list.status === 'approved' || list.status === 'paid') && (
            <Alert
              type="warning"
              showIcon
              data-testid="pay-failed-hint"
              title={t('aid.pay.failedHint', { n: unsettled })}
            />
          )}
          {error && (
            <Alert
              type="error"
              showIcon
              data-testid="pay-error"
              title={error.message}
              description={error.rows?.map((r) => (
                <div key={r.row}>{t('common.rowMessage', { row: r.row, message: r.message })}</div>
              ))}
            />
          )}
          {result && (
            <Alert
              type="success"
              showIcon
              data-testid="pay-bank-result"
              title={t('aid.pay.bankDone', {
                paid: result.paid,
                failed: result.failed,
                left: result.pendingLeft,
              })}
            />
          )}
          <Table<PaymentLine>
            size="small"
            rowKey="id"
            data-testid="pay-lines"
            dataSource={lines}
            pagination={{ pageSize: 50 }}
            columns={[
              {
                title: t('aid.rec.name'),
                dataIndex: 'name',
                render: (n: string, r) => (r.person_id ? <Link to={`/persons/${r.person_id}`}>{n}</Link> : n),
              },
              {
                title: t('aid.pay.idNumber'),
                dataIndex: 'id_masked',
                render: (x: string | null) => x ?? '—',
              },
              { title: t('aid.ent.amount'), dataIndex: 'amount_fen', align: 'right', render: fenToYuan },
              { title: t('aid.pay.entitled'), dataIndex: 'entitled_fen', align: 'right', render: fenToYuan },
              {
                title: t('aid.pay.lineStatus'),
                dataIndex: 'status',
                render: (s: string) => (
                  <Tag color={STATUS_COLORS[s]}>{t(`aid.pay.line.${s}` as 'aid.pay.line.paid')}</Tag>
                ),
              },
              { title: t('aid.pay.paidAt'), dataIndex: 'paid_at', render: (d: string | null) => d ?? '—' },
              {
                title: t('aid.pay.bankMessage'),
                dataIndex: 'bank_message',
                render: (m: string | null) => m ?? '',
              },
              ...(canEditLines || canSettleFailed
                ? [
                    {
                      title: t('aid.pay.lineActions'),
                      key: 'actions',
                      render: (_: unknown, r: PaymentLine) =>
                        canEditLines ? (
                          <Space size={0}>
                            <Button
                              type="link"
                              size="small"
                              data-testid={`pay-line-amount-${r.id}`}
                              onClick={() => openLineAction('amount', r)}
                            >
                              {t('aid.pay.editAmount')}
                            </Button>
                            <Button
                              type="link"
                              size="small"
                              danger
                              data-testid={`pay-line-remove-${r.id}`}
                              onClick={() => openLineAction('remove', r)}
                            >
                              {t('aid.pay.remove')}
                            </Button>
                          </Space>
                        ) : r.status === 'failed' ? (
                          <Space size={0}>
                            <Button
                              type="link"
                              size="small"
                              data-testid={`pay-line-resend-${r.id}`}
                              onClick={() => openLineAction('resend', r)}
                            >
                              {t('aid.pay.resend')}
                            </Button>
                            <Button
                              type="link"
                              size="small"
                              data-testid={`pay-line-requeue-${r.id}`}
                              onClick={() => openLineAction('requeue', r)}
                            >
                              {t('aid.pay.requeue')}
                            </Button>
                          </Space>
                        ) : null,
                    },
                  ]
                : []),
            ]}
          />
        </Space>
      )}
      {lineAction && (
        <Modal
          open
          title={`${t(`aid.pay.action.${lineAction.kind}`)}${p.colon}${lineAction.line.name}`}
          onCancel={() => setLineAction(null)}
          confirmLoading={busy}
          okButtonProps={{
            disabled: !lineReason.trim() || (lineAction.kind === 'amount' && !(lineYuan && lineYuan > 0)),
            danger: lineAction.kind === 'remove',
          }}
          onOk={() => void doLineAction()}
          data-testid="pay-line-modal"
        >
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Text type="secondary">{t(`aid.pay.actionHelp.${lineAction.kind}`)}</Typography.Text>
            {lineAction.kind === 'amount' && (
              <Space>
                <InputNumber
                  min={0.01}
                  step={0.01}
                  precision={2}
                  value={lineYuan}
                  onChange={(v) => setLineYuan(v)}
                  suffix="元"
                  style={{ width: 180 }}
                  data-testid="pay-line-yuan"
                />
                {lineAction.line.entitled_fen !== null && (
                  <Typography.Text type="secondary">
                    {t('aid.pay.entitled')}
                    {p.colon}
                    {fenToYuan(lineAction.line.entitled_fen)}
                  </Typography.Text>
                )}
              </Space>
            )}
            <Input.TextArea
              rows={3}
              maxLength={500}
              placeholder={t('aid.pay.lineReason')}
              value={lineReason}
              onChange={(e) => setLineReason(e.target.value)}
              data-testid="pay-line-reason"
            />
          </Space>
        </Modal>
      )}
      {returning && (
        <Modal
          open
          title={t('aid.pay.return')}
          onCancel={() => setReturning(false)}
          confirmLoading={busy}
          onOk={() => void post('return', { reason }).then((ok) => ok && setReturning(false))}
        >
          <Input.TextArea
            rows={3}
            placeholder={t('aid.pay.returnReason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </Modal>
      )}
    </Drawer>
  );
}
