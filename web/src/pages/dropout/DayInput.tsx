import { DatePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef } from 'react';
// The API's own test of a real day (pure, no imports): the form and the API agree on 2020-02-30.
import { isIsoDate as isRealDay } from '../../../../src/domain/dropout/dates.ts';
import type { MessageKey } from '../../i18n.ts';

const day = (d: Dayjs) => d.format('YYYY-MM-DD');

/**
 * A date field of the dropout forms whose value is the day as the user gave it, `YYYY-MM-DD`:
 * picked from the calendar, or typed. antd's picker drops typed text it cannot take (2020-02-30,
 * or a day its `disabledDate` refuses) and silently puts back the last valid day — which then got
 * saved. Here the typed text becomes the field's value on blur, so the form's rule (`dayRule`)
 * refuses it, naming the field, and nothing is sent. The text kept is what the user typed (the
 * input's own `input` events), never what the box shows at blur: while the pointer rests on a day
 * of the open calendar the picker previews that day in the box, and that day was once saved in
 * place of the typed one.
 */
export function DayInput(props: {
  id?: string;
  value?: string;
  onChange?: (v: string | undefined) => void;
  /** The earliest and latest days the calendar offers (the rules say why). */
  min?: string | null;
  max?: string | null;
  'data-testid'?: string;
}) {
  const { value, onChange, min, max } = props;
  // The text typed since the last day was taken (null: nothing typed).
  const typed = useRef<string | null>(null);
  return (
    <span
      onInput={(e) => {
        typed.current = (e.target as HTMLInputElement).value ?? '';
      }}
    >
      <DatePicker
        id={props.id}
        data-testid={props['data-testid']}
        format="YYYY-MM-DD"
        value={value && isRealDay(value) ? dayjs(value) : null}
        disabledDate={(d) => (!!max && day(d) > max) || (!!min && day(d) < min)}
        onChange={(d) => {
          typed.current = null;
          onChange?.(d ? day(d) : undefined);
        }}
        onBlur={() => {
          const text = typed.current?.trim() ?? '';
          typed.current = null;
          if (text && text !== (value ?? '')) onChange?.(text);
        }}
      />
    </span>
  );
}

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/**
 * The form rule of a date field, with the API's checks (domain/dropout checkDay): a real day, not
 * after `today`, not before any `notBefore` day, not after any `notAfter` day. The message names
 * the field (`label`) and the bound.
 */
export function dayRule(
  t: T,
  label: string,
  limits: {
    required?: boolean;
    today?: string;
    notBefore?: ReadonlyArray<readonly [string | null | undefined, string]>;
    notAfter?: ReadonlyArray<readonly [string | null | undefined, string]>;
  } = {},
): { validator: (rule: unknown, v?: string) => Promise<void> } {
  return {
    validator: async (_: unknown, v?: string) => {
      if (v == null || v === '') {
        if (limits.required === false) return;
        throw new Error(t('dropout.dateRequired', { field: label }));
      }
      if (!isRealDay(v)) throw new Error(t('dropout.dateInvalid', { field: label, value: v.slice(0, 20) }));
      if (limits.today && v > limits.today) throw new Error(t('dropout.dateAfterToday', { field: label }));
      for (const [d, other] of limits.notBefore ?? [])
        if (d && v < d) throw new Error(t('dropout.dateBefore', { field: label, other, day: d }));
      for (const [d, other] of limits.notAfter ?? [])
        if (d && v > d) throw new Error(t('dropout.dateAfter', { field: label, other, day: d }));
    },
  };
}

/** The latest of some days (nulls skipped), for a calendar's `min`. */
export function latest(...days: Array<string | null | undefined>): string | null {
  return days.reduce<string | null>((m, d) => (d && (!m || d > m) ? d : m), null);
}
