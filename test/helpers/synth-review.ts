import type { SynthDataset } from '../../src/synth/types.ts';

/**
 * The dataset with `n` more 疑似匹配 cases that do not depend on what else the set holds: the roll
 * rows of the first `n` undamaged registry children written as a school with no ID on file writes
 * them — a temporary 学籍号, no ID, no guardian. Only name and birth date then agree with the
 * registry, which is never enough to confirm (namesakes born the same day exist).
 */
export function withReviewCases(ds: SynthDataset, n: number): SynthDataset {
  return {
    ...ds,
    *students() {
      let left = n;
      for (const r of ds.students()) {
        if (left > 0 && r.truth.kind === 'registry' && r.truth.damage.length === 0) {
          left--;
          yield {
            ...r,
            row: {
              ...r.row,
              studentNo: `L${r.row.idNumber.slice(0, 10)}${String(left).padStart(3, '0')}`,
              idNumber: '',
              guardianName: '',
              guardianIdNumber: '',
            },
          };
        } else yield r;
      }
    },
  };
}
