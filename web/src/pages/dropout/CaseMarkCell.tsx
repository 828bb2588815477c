import { Button, Space, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n.ts';
import { type ListCaseMarks, STATUS_COLORS } from './types.ts';

/**
 * The case column of the out-of-school and transfer lists. A child on these lists is on no roll,
 * so a return recorded on the latest case shows as 待学籍核实 — open (已复学) or closed
 * (已结案（已复学）待学籍核实) — never as a child nobody has looked at. A closed case links to itself
 * beside the button that opens a new one (the form names the earlier case first).
 */
export function CaseMarkCell(props: {
  row: ListCaseMarks & { id: number };
  canOpen: boolean;
  /**
   * The viewer may open the case (false for a school's staff on their area's list: the township's
   * cases are shown to them by status only, tester v25b F5). Default true.
   */
  canView?: boolean;
  onOpen(): void;
}) {
  const { t, tc } = useI18n();
  const { open_case: open, last_case: last, return_unconfirmed: unconfirmed } = props.row;
  const id = props.row.id;
  const canView = props.canView ?? true;
  if (open) {
    const tag = (
      <Tag color={STATUS_COLORS[open.status]} data-testid={canView ? undefined : `case-mark-${id}`}>
        {unconfirmed ? t('dropout.returnedUnconfirmed') : tc('dropoutStatus', open.status)}
      </Tag>
    );
    if (!canView) return tag;
    return (
      <Link to={`/dropout/cases/${open.id}`} data-testid={`view-case-${id}`}>
        {tag}
        {t('dropout.viewCase')}
      </Link>
    );
  }
  const button = props.canOpen ? (
    <Button
      size="small"
      type={last ? 'default' : 'primary'}
      data-testid={`open-case-${id}`}
      onClick={props.onOpen}
    >
      {last ? t('dropout.openNewCase') : t('dropout.openCase')}
    </Button>
  ) : null;
  if (!last) return button;
  const closed = (
    <Tag color={unconfirmed ? 'warning' : 'default'}>
      {unconfirmed ? t('dropout.closedReturnedUnconfirmed') : t('dropout.closedCase')}
    </Tag>
  );
  return (
    <Space size={4} wrap>
      {canView ? (
        <Link to={`/dropout/cases/${last.id}`} data-testid={`last-case-${id}`}>
          {closed}
        </Link>
      ) : (
        closed
      )}
      {button}
    </Space>
  );
}
