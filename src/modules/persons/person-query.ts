/**
 * What the 一生一档 search box was given, read as names and IDs are read at import: an ID with
 * spaces of any kind, full-width digits or a 15-digit form (domain normaliseId); an ID or a
 * 学籍号 copied from a list in its masked form; a 学籍号; else a name, normalised as names are
 * stored (domain normaliseName: traditional → simplified one character at a time, spaces of all
 * kinds removed — 陳國華 finds 陈国华, 李 明 with a no-break space finds 李明).
 */
import { normaliseId } from '../../domain/identity/id-number.ts';
import { normaliseName } from '../../domain/identity/name.ts';
import { maskedStudentNoLike } from '../../server/scope.ts';

export type PersonQuery =
  /**
   * A whole, valid ID (an exact match); `studentNo` when it was typed as a G + ID 学籍号, which also
   * finds the pupil who holds that 学籍号 (their ID may since have been corrected).
   */
  | { kind: 'id'; id: string; studentNo?: string }
  /** An ID as lists show it (350423***********7): a LIKE pattern, each * one character. */
  | { kind: 'maskedId'; like: string }
  /** A 学籍号, whole (=) or as lists show it (like). */
  | { kind: 'studentNo'; op: '=' | 'like'; value: string }
  /** The beginning of a name. */
  | { kind: 'name'; prefix: string };

/** Spaces of every kind, zero-width ones too (a copy from a web page or a chat brings them). */
const SPACES_RE = /[\s\u00a0\u1680\u180e\u2000-\u200d\u2028-\u202f\u205f-\u2064\u3000\ufeff]/g;
/** A masked ID: this mask (6 + 11 stars + 1), or the earlier one (6 + 8 + 4) a saved list may still show. */
const MASKED_ID_RE = /^\d{6}\*{4,14}\d{0,3}[\dX]$/;
/** A 学籍号: G + ID, or L/J + a temporary number (with digits: a Latin name is no 学籍号). */
const STUDENT_NO_RE = /^[GLJ](?=[0-9A-Z]*\d)[0-9A-Z]{6,30}$/;
/** A 学籍号 of the G + ID form, as the search box has it (compacted, upper case). */
const G_ID_NO_RE = /^G\d{17}[\dX]$/;

/** The search box's text `q` as one search; null when nothing searchable is left. */
export function parsePersonQuery(q: string): PersonQuery | null {
  // Full-width digits, letters and ＊ as their ASCII selves, then no spaces at all.
  const compact = q.normalize('NFKC').replace(SPACES_RE, '').replace(/^'/, '').toUpperCase();
  if (!compact) return null;
  const id = normaliseId(q);
  if (id.id)
    return G_ID_NO_RE.test(compact)
      ? { kind: 'id', id: id.id, studentNo: compact }
      : { kind: 'id', id: id.id };
  // A masked ID is searched as a masked 学籍号 is: the visible characters, within scope.
  if (MASKED_ID_RE.test(compact)) return { kind: 'maskedId', like: compact.replaceAll('*', '_') };
  const maskedNo = maskedStudentNoLike(compact);
  if (maskedNo !== null) return { kind: 'studentNo', op: 'like', value: maskedNo };
  if (STUDENT_NO_RE.test(compact)) return { kind: 'studentNo', op: '=', value: compact };
  const name = normaliseName(q).name;
  return { kind: 'name', prefix: name || q.trim() };
}
