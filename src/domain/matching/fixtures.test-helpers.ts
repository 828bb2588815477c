/**
 * Hand-made registry households and roll rows for the matcher's unit tests (not a test file itself).
 */
import { idCheckChar } from '../identity/checksum.ts';
import type { RawRegistryPerson, RawStudent } from './types.ts';

/** A valid ID for area, YYYYMMDD and 3-digit sequence. */
export function makeId(area: string, ymd: string, seq: number): string {
  const first17 = `${area}${ymd}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17)!;
}

let row = 1;

/** A registry row; omitted fields get plausible defaults in 宁化县石壁镇红旗村. */
export function person(
  p: Partial<RawRegistryPerson> & { householdNo: string; name: string; idNumber: string },
): RawRegistryPerson {
  row++;
  return {
    row,
    personNo: `${p.householdNo}${String(row).padStart(3, '0')}`,
    sex: '',
    relation: '之子',
    headName: '',
    headIdNumber: '',
    county: '宁化县',
    township: '石壁镇',
    village: '红旗村',
    ...p,
  };
}

/** A roll row; the birth date defaults to the one inside the ID. */
export function student(s: Partial<RawStudent> & { name: string; idNumber: string }): RawStudent {
  row++;
  const id = s.idNumber.trim();
  return {
    row,
    studentNo: '',
    sex: '',
    birthDate: /^\d{17}/.test(id) ? `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}` : '',
    hukou: '福建省三明市宁化县石壁镇红旗村',
    guardianName: '',
    guardianIdNumber: '',
    ...s,
  };
}
