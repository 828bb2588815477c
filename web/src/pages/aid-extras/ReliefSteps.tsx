import { Timeline, Typography } from 'antd';
import { useI18n } from '../../i18n.ts';
import type { ReliefStepRow } from './types.ts';

/** 办理记录: who did which step, when, with what comment. */
export function ReliefSteps({ steps }: { steps: ReliefStepRow[] }) {
  const { tc } = useI18n();
  return (
    <Timeline
      data-testid="relief-steps"
      items={steps.map((s) => ({
        key: s.id,
        color: s.step === 'reject' ? 'red' : s.step === 'pay' ? 'green' : 'blue',
        content: (
          <span>
            <b>{tc('reliefStep', s.step)}</b> · {s.actor_name} ·{' '}
            {new Date(s.at).toLocaleString('zh-CN', { hour12: false })}
            {s.comment && (
              <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                {s.comment}
              </Typography.Paragraph>
            )}
          </span>
        ),
      }))}
    />
  );
}
