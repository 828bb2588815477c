/**
 * The damage POLICY.md lists under "Known damage", as pure functions over IDs and names, with rates.
 *
 * Rate semantics (per row):
 * - ID damage except `lowercaseX` and `fifteenDigit` is exclusive: one draw picks at most one of
 *   them with the configured probabilities. A pick that does not apply (Excel cannot turn an ID
 *   ending in X into a number; no guardian known) leaves the ID intact.
 * - `lowercaseX` and `fifteenDigit` are conditional: the probability among eligible rows (ID ends in X;
 *   born in 19xx) that no exclusive damage touched.
 * - Name damage is exclusive too: at most one of homophone, traditional, nameSpaces, renamed.
 */
import { homophoneGivenName, pickGivenName, pickMinorityName, type Sex, toTraditional } from './names.ts';
import type { Rng } from './random.ts';

/** Damage to an ID number. */
export const ID_DAMAGE_TYPES = [
  'scientific',
  'trailing000',
  'fullwidth',
  'spaces',
  'apostrophe',
  'oneDigit',
  'swap',
  'guardianId',
  'missingId',
  'lowercaseX',
  'fifteenDigit',
] as const;
/** Damage to a name. */
export const NAME_DAMAGE_TYPES = ['homophone', 'traditional', 'nameSpaces', 'renamed'] as const;

export type IdDamageType = (typeof ID_DAMAGE_TYPES)[number];
export type NameDamageType = (typeof NAME_DAMAGE_TYPES)[number];
/** Every kind of damage the generator can record in ground truth. */
export type DamageType = IdDamageType | NameDamageType;
/** Probability per row of each damage type (see the module comment for exclusivity). */
export type DamageRates = Record<DamageType, number>;

/** Parses `scientific=0.05,homophone=0.03` into damage-rate overrides; an unknown type or rate throws. */
export function parseRates(text: string | undefined): Partial<DamageRates> {
  const out: Partial<DamageRates> = {};
  if (!text) return out;
  const known = new Set<string>([...ID_DAMAGE_TYPES, ...NAME_DAMAGE_TYPES]);
  for (const part of text.split(',')) {
    const [k, v] = part.split('=').map((x) => x.trim());
    const rate = Number(v);
    if (!k || !known.has(k) || v === undefined || v === '' || !(rate >= 0 && rate <= 1))
      throw new Error(`bad damage rate: ${part} (types: ${[...known].join(', ')}; rates 0–1)`);
    out[k as DamageType] = rate;
  }
  return out;
}

const EXCLUSIVE_ID: readonly IdDamageType[] = ID_DAMAGE_TYPES.filter(
  (t) => t !== 'lowercaseX' && t !== 'fifteenDigit',
);

/**
 * Student roll defaults. The exclusive ID rates sum to 0.11, so an exact-ID VLOOKUP misses about one
 * poor student in nine (slightly fewer: scientific/trailing000 skip IDs ending in X).
 */
export const DEFAULT_STUDENT_DAMAGE: DamageRates = {
  scientific: 0.03,
  trailing000: 0.01,
  fullwidth: 0.005,
  spaces: 0.012,
  apostrophe: 0.01,
  oneDigit: 0.01,
  swap: 0.008,
  guardianId: 0.01,
  missingId: 0.015,
  lowercaseX: 0.2,
  fifteenDigit: 0.3,
  homophone: 0.02,
  traditional: 0.008,
  nameSpaces: 0.012,
  renamed: 0.005,
};

/** Registry defaults: the poverty office's export is mostly clean. */
export const DEFAULT_REGISTRY_DAMAGE: DamageRates = {
  scientific: 0,
  trailing000: 0,
  fullwidth: 0.001,
  spaces: 0.003,
  apostrophe: 0,
  oneDigit: 0.001,
  swap: 0.001,
  guardianId: 0,
  missingId: 0,
  lowercaseX: 0.05,
  fifteenDigit: 0.02,
  homophone: 0.003,
  traditional: 0.001,
  nameSpaces: 0.002,
  renamed: 0,
};

/** Damage for the 监护人身份证件号 column of the roll (only these types are used). */
export const DEFAULT_GUARDIAN_DAMAGE: Partial<DamageRates> = {
  scientific: 0.02,
  missingId: 0.03,
  spaces: 0.005,
  fifteenDigit: 0.02,
};

const FULLWIDTH_OFFSET = 0xff10 - 0x30;

/** Excel's rendering of an 18-digit number in a General cell: 6 significant digits (3.50421E+17). */
export function toScientific(id: string): string {
  const [mant, exp] = Number(id).toExponential(5).split('e');
  const m = mant!.includes('.') ? mant!.replace(/0+$/, '').replace(/\.$/, '') : mant!;
  return `${m}E${exp!.startsWith('-') ? exp : `+${exp!.replace('+', '')}`}`;
}

/** The 15-digit pre-1999 form: area code + YYMMDD + sequence, without century and check character. */
export function toFifteenDigit(id18: string): string {
  return id18.slice(0, 6) + id18.slice(8, 17);
}

function replaceDigit(rng: Rng, id: string): string {
  const pos = rng.int(0, 16);
  const old = id.charCodeAt(pos) - 48;
  const digit = (old + rng.int(1, 9)) % 10;
  return id.slice(0, pos) + String(digit) + id.slice(pos + 1);
}

function swapAdjacent(rng: Rng, id: string): string | null {
  for (let attempt = 0; attempt < 12; attempt++) {
    const i = rng.int(0, 15);
    if (id[i] !== id[i + 1]) return id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2);
  }
  return null;
}

function withSpaces(rng: Rng, id: string): string {
  switch (rng.int(0, 4)) {
    case 0:
      return `${id} `;
    case 1:
      return ` ${id}`;
    case 2:
      return `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`;
    case 3:
      return `${id}\u00a0`;
    default:
      return `${id}  `;
  }
}

/**
 * Apply one kind of ID damage to a clean 18-character ID, or return null when it does not apply.
 * `guardianId` needs the guardian's ID; `fifteenDigit` needs a 19xx birth date.
 */
export function damageId(rng: Rng, type: IdDamageType, id: string, guardianId?: string): string | null {
  const endsX = id.endsWith('X');
  switch (type) {
    case 'scientific':
      return endsX ? null : toScientific(id);
    case 'trailing000':
      return endsX ? null : `${id.slice(0, 15)}000`;
    case 'fullwidth':
      return id.replace(/[0-9X]/g, (c) =>
        c === 'X' ? 'Ｘ' : String.fromCharCode(c.charCodeAt(0) + FULLWIDTH_OFFSET),
      );
    case 'spaces':
      return withSpaces(rng, id);
    case 'apostrophe':
      return `'${id}`;
    case 'oneDigit':
      return replaceDigit(rng, id);
    case 'swap':
      return swapAdjacent(rng, id);
    case 'guardianId':
      return guardianId && guardianId !== id ? guardianId : null;
    case 'missingId':
      return '';
    case 'lowercaseX':
      return endsX ? `${id.slice(0, 17)}x` : null;
    case 'fifteenDigit':
      return id.slice(6, 8) === '19' ? toFifteenDigit(id) : null;
  }
}

/** Result of damaging an ID: the text as it appears in the file and the damage actually applied. */
export interface IdDamageResult {
  value: string;
  damage: IdDamageType | null;
}

/** Draw and apply ID damage under `rates` (see the module comment for the rules). */
export function drawIdDamage(
  rng: Rng,
  rates: Partial<DamageRates>,
  id: string,
  guardianId?: string,
): IdDamageResult {
  let x = rng.next();
  for (const type of EXCLUSIVE_ID) {
    const p = rates[type] ?? 0;
    if (x < p) {
      const value = damageId(rng, type, id, guardianId);
      return value === null ? { value: id, damage: null } : { value, damage: type };
    }
    x -= p;
  }
  if (id.endsWith('X') && rng.chance(rates.lowercaseX ?? 0))
    return { value: `${id.slice(0, 17)}x`, damage: 'lowercaseX' };
  if (id.slice(6, 8) === '19' && rng.chance(rates.fifteenDigit ?? 0)) {
    return { value: toFifteenDigit(id), damage: 'fifteenDigit' };
  }
  return { value: id, damage: null };
}

/** A name split into surname and given name (minority names: empty surname, the whole name as given). */
export interface NameParts {
  surname: string;
  given: string;
  sex: Sex;
  birthYear: number;
}

function nameWithSpaces(rng: Rng, surname: string, given: string): string {
  const full = surname + given;
  switch (rng.int(0, 4)) {
    case 0:
      return surname ? `${surname} ${given}` : `${full} `;
    case 1:
      return `${full} `;
    case 2:
      return ` ${full}`;
    case 3:
      return surname ? `${surname}\u3000${given}` : `${full}\u3000`;
    default:
      return [...full].join(' ');
  }
}

/** Apply one kind of name damage, or return null when it does not apply (no homophone, no traditional form). */
export function damageName(rng: Rng, type: NameDamageType, n: NameParts): string | null {
  switch (type) {
    case 'homophone': {
      const g = homophoneGivenName(rng, n.given);
      return g === null ? null : n.surname + g;
    }
    case 'traditional':
      return toTraditional(n.surname + n.given);
    case 'nameSpaces':
      return nameWithSpaces(rng, n.surname, n.given);
    case 'renamed': {
      for (let attempt = 0; attempt < 8; attempt++) {
        const g = n.surname ? pickGivenName(rng, n.sex, n.birthYear, 0) : pickMinorityName(rng, n.sex);
        if (g !== n.given) return n.surname + g;
      }
      return null;
    }
  }
}

/** Draw and apply name damage under `rates`; returns the name as written and the damage applied. */
export function drawNameDamage(
  rng: Rng,
  rates: Partial<DamageRates>,
  n: NameParts,
): { value: string; damage: NameDamageType | null } {
  let x = rng.next();
  for (const type of NAME_DAMAGE_TYPES) {
    const p = rates[type] ?? 0;
    if (x < p) {
      const value = damageName(rng, type, n);
      return value === null ? { value: n.surname + n.given, damage: null } : { value, damage: type };
    }
    x -= p;
  }
  return { value: n.surname + n.given, damage: null };
}
