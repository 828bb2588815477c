/**
 * Roll rows for the tests of the roll import's rules (not a test file itself).
 */
import type { RollCells } from './roll-row.ts';

/** A roll row with every cell empty: a test fills in the cells it is about. */
export const BLANK_ROLL_CELLS: Readonly<RollCells> = {
  studentNo: '',
  name: '',
  sex: '',
  birthDate: '',
  idNumber: '',
  schoolCode: '',
  schoolName: '',
  stage: '',
  grade: '',
  className: '',
  hukou: '',
  guardianName: '',
  guardianIdNumber: '',
  boarding: '',
  leftBehind: '',
  disabled: '',
  poor: '',
};
