import { Select } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n.ts';
import { useTypedSearch } from '../../useFetch.ts';
import type { StudentOption } from './types.ts';

/** Searches enrolled students in the user's scope (GET /api/aid/students) as one types. */
export function StudentSelect({
  id,
  value,
  onChange,
  schoolCode,
  onPick,
  testId,
  placeholder,
}: {
  id?: string;
  value?: number;
  onChange?: (v: number) => void;
  schoolCode?: string;
  onPick?: (s: StudentOption) => void;
  testId?: string;
  placeholder?: string;
}) {
  const { t, p } = useI18n();
  const [q, setQ] = useState('');
  const options = useTypedSearch<StudentOption>('/api/aid/students', { q, schoolCode }, false);
  return (
    <Select<number>
      id={id}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      placeholder={placeholder ?? t('aidx.personSearch')}
      data-testid={testId}
      onChange={(v) => {
        onChange?.(v);
        const s = options.find((o) => o.id === v);
        if (s) onPick?.(s);
      }}
      options={options.map((o) => ({
        value: o.id,
        label: `${o.name}${p.paren(`${o.school_name ?? o.school_code}${o.grade ? ` ${o.grade}` : ''}${p.comma}${o.student_no}`)}`,
      }))}
    />
  );
}
