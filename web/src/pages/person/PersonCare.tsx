import { Card, Empty, List, Skeleton, Space, Tag, Typography } from 'antd';
import { LoadError } from '../../components/LoadError.tsx';
import { useI18n } from '../../i18n.ts';
import { useFetch } from '../../useFetch.ts';
import type { PairingRow, VisitRow } from '../aid-extras/types.ts';

/**
 * The person file's care tab (一生一档; 工作要点 2 红烛暖心, 工作要点 4 立德树人 care beyond money):
 * each pairing with a caring teacher (phone masked) and its visits.
 */
export function PersonCare({ personId }: { personId: number | string }) {
  const { t, tc, p: punct } = useI18n();
  const d = useFetch<{ pairings: PairingRow[]; visits: VisitRow[] }>(`/api/persons/${personId}/care`);
  if (d.error) return <LoadError error={d.error} onRetry={d.reload} />;
  if (!d.data) return <Skeleton active />;
  if (d.data.pairings.length === 0) return <Empty description={t('aidx.noCare')} />;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="person-care">
      {d.data.pairings.map((p) => (
        <Card
          key={p.id}
          size="small"
          title={
            <Space>
              <Tag color={p.programme === 'red_candle' ? 'red' : 'blue'}>
                {tc('careProgramme', p.programme)}
              </Tag>
              {t('aidx.teacher')}
              {punct.colon}
              {p.teacher_name}{' '}
              {p.teacher_phone && <Typography.Text type="secondary">{p.teacher_phone}</Typography.Text>}
            </Space>
          }
          extra={`${p.start_date} ~ ${p.end_date ?? ''}${p.end_reason ? punct.paren(p.end_reason) : ''}`}
        >
          <List
            size="small"
            dataSource={d.data!.visits.filter((v) => v.pairing_id === p.id)}
            locale={{ emptyText: '—' }}
            renderItem={(v) => (
              <List.Item>
                {v.date} · <Tag>{tc('visitKind', v.kind)}</Tag> {v.notes}
              </List.Item>
            )}
          />
        </Card>
      ))}
    </Space>
  );
}
