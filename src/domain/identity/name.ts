/**
 * Person names as they arrive in rolls and registry exports: stray spaces, traditional characters,
 * many spellings of the minority-name middle dot, homophone typos (同音字). Normalisation and
 * comparison here feed the roll-vs-registry matcher, which runs on about a million rows, so
 * converters, readings and regexes are built once and cached.
 */
import * as OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';
import { TwoGenerationCache } from './string-cache.ts';

export interface NormalisedName {
  raw: string;
  name: string;
  /** Traditional characters were converted to simplified. */
  simplified: boolean;
  /** Whitespace (including full-width and zero-width) was removed. */
  hadSpaces: boolean;
  /** Contains a middle dot (U+00B7), as minority names written in Chinese do. */
  minority: boolean;
  valid: boolean;
  /**
   * A note in brackets after the name, left out of it: 叶思源（曾用名：叶小明） is 叶思源 with the note
   * “曾用名：叶小明”; 张三（父） is 张三 with “父”.
   */
  note?: string;
  problem?: 'empty' | 'formula' | 'non_chinese' | 'too_long';
}

const MIDDLE_DOT = '\u00b7';
/** Longest name accepted; long minority transliterations stay well under it. */
const MAX_NAME_LENGTH = 40;
const MAX_READINGS = 16;

const HAN_RE = /[\p{Script=Han}\ue000-\uf8ff]/u;
const ALL_SPACE_RE = /[\s\u00a0\u200b-\u200d\u2060\u3000\ufeff]+/g;
const SPACE_TEST_RE = /[\s\u00a0\u200b-\u200d\u2060\u3000\ufeff]/;
// U+00B7 · U+2022 • U+2027 ‧ U+30FB ・ U+FF65 ･ U+002E . U+FF0E ． U+2219 ∙ U+22C5 ⋅ U+0387 · U+16EB ᛫,
// and in a Chinese name the hyphens and dashes typed for it (阿依古丽-买买提: tester v21a F5):
// U+002D - U+2010 ‐ U+2011 ‑ U+2012 ‒ U+2013 – U+2014 — U+2015 ― U+FF0D － U+2212 −
const DOT_VARIANTS_RE =
  /\s*[\u00b7\u2022\u2027\u30fb\uff65.\uff0e\u2219\u22c5\u0387\u16eb\u002d\u2010-\u2015\uff0d\u2212]+\s*/g;
const EDGE_DOTS_RE = /^\u00b7+|\u00b7+$/g;
/**
 * Sentence marks typed after (or before) a name: 王芳。 李娜， (inside a name they stay, and make it
 * invalid). Not '?': a character the file's encoding could not hold comes out as one (李? has lost
 * its given name).
 */
const EDGE_MARKS_RE = /^[\u3002\uff0c,\u3001\uff1b;]+|[\u3002\uff0c,\u3001\uff1b;]+$/g;
const FORMULA_RE = /^[=+\-@\uff1d\uff0b\uff0d\uff20]+/;
const OPEN_BRACKETS = '（(【[〔';
const CLOSE_BRACKETS = '）)】]〕';

/**
 * A name with a note in brackets after it (叶思源（曾用名：叶小明）, 张三(父), 李娜【已转学】): the
 * head, which must hold a Han character, and the note, which holds no bracket of its own; null for
 * any other text. (No regex: one with two lazy groups takes quadratic time on a runaway cell.)
 */
function splitNote(s: string): { head: string; note: string } | null {
  if (!CLOSE_BRACKETS.includes(s.at(-1) ?? '')) return null;
  let open = s.length - 2;
  while (open >= 0 && !OPEN_BRACKETS.includes(s[open]!) && !CLOSE_BRACKETS.includes(s[open]!)) open--;
  if (open < 0 || !OPEN_BRACKETS.includes(s[open]!)) return null;
  const head = s.slice(0, open).trim();
  if (!HAN_RE.test(head) || [...OPEN_BRACKETS, ...CLOSE_BRACKETS].some((b) => head.includes(b))) return null;
  return { head, note: s.slice(open + 1, -1).trim() };
}
const LATIN_GAP_RE = /(?<=[A-Za-z\u00c0-\u024f])[\s\u00a0\u3000]+(?=[A-Za-z\u00c0-\u024f])/g;
const LATIN_SPACE_MARK = '\u0001';
const LATIN_LETTERS_RE = /^[A-Za-z\u00c0-\u024f .\u00b7'-]+$/;
/** One character that may stand in a name. */
const NAME_CHAR_RE = /[\p{Script=Han}\ue000-\uf8ffA-Za-z\u00c0-\u024f .\u00b7'-]/u;
/** A name made of such characters only. */
const ALLOWED_CHARS_RE = new RegExp(`^${NAME_CHAR_RE.source}+$`, 'u');
const SPACE_COUNT_RE = /[\s\u00a0\u200b-\u200d\u2060\u3000\ufeff]/g;
const PINYIN_RE =
  /^(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|er|in|ia|ie|iu|ua|uo|ui|un|ve|vn|a|o|e|i|u|v))+$/;
const NON_LETTER_RE = /[^a-z\u00fc]/g;

/**
 * Characters that opencc maps away even though they are correct in simplified names
 * (乾 as in 乾坤 is not 干; 於 is a surname of its own).
 */
const KEEP_AS_IS = new Set(['乾', '於']);

const CACHE_LIMIT = 200_000;

export { TwoGenerationCache } from './string-cache.ts';

const simplifiedCache = new TwoGenerationCache<string>(CACHE_LIMIT / 2);

/**
 * opencc's traditional→simplified conversion of single characters (its character dictionary after
 * its normalisation of variants), by code point: only the characters it changes. A name is
 * converted one character at a time, never by opencc's phrase dictionary: a name is no phrase, and
 * the phrases turn names into words (沈思锦 → 沉思锦, 沈默然 → 沉默然: 沈思 and 沈默 are phrases of 沉).
 */
let charMap: Map<number, string> | null = null;

function buildCharMap(): Map<number, string> {
  const config = (
    OpenCC.Locale.configs as unknown as Record<
      string,
      { normalizationChain?: unknown[][]; segmentation?: unknown; conversionChain: unknown[][] }
    >
  ).t2s!;
  const single = (chain: unknown[][] | undefined): Map<string, string> => {
    const m = new Map<string, string>();
    const add = (k: string, v: string | undefined): void => {
      if (v === undefined || k === v || [...k].length !== 1 || m.has(k)) return;
      m.set(k, v);
    };
    for (const d of (chain ?? []).flat()) {
      if (typeof d === 'string') {
        for (const entry of d.split('|')) {
          const [k, v] = entry.split(' ');
          add(k!, v);
        }
      } else for (const [k, v] of d as [string, string][]) add(k, v);
    }
    return m;
  };
  const norm = single(config.normalizationChain);
  const conv = single(config.conversionChain);
  const out = new Map<number, string>();
  for (const k of new Set([...norm.keys(), ...conv.keys()])) {
    if (KEEP_AS_IS.has(k)) continue;
    const n = norm.get(k) ?? k;
    const v = conv.get(n) ?? n;
    if (v !== k) out.set(k.codePointAt(0)!, v);
  }
  return out;
}

/** True when some character of `s` converts (then `toSimplified` changes it). */
function mayConvert(s: string): boolean {
  charMap ??= buildCharMap();
  for (let i = 0; i < s.length; i++) {
    const cp = s.codePointAt(i)!;
    if (charMap.has(cp)) return true;
    if (cp > 0xffff) i++;
  }
  return false;
}

/** Traditional → simplified, one character at a time (see `charMap`), cached: the same names recur. */
export function toSimplified(s: string): string {
  const hit = simplifiedCache.get(s);
  if (hit !== undefined) return hit;
  let out = s;
  if (mayConvert(s)) {
    out = '';
    for (const ch of s) out += charMap!.get(ch.codePointAt(0)!) ?? ch;
  }
  simplifiedCache.set(s, out);
  return out;
}

const result = (
  raw: string,
  name: string,
  flags: Pick<NormalisedName, 'simplified' | 'hadSpaces' | 'note'>,
  problem?: NormalisedName['problem'],
  valid = problem === undefined,
): NormalisedName => {
  const r: NormalisedName = { raw, name, ...flags, minority: name.includes(MIDDLE_DOT), valid };
  if (problem !== undefined) r.problem = problem;
  return r;
};

/**
 * Normalises one name cell: whitespace removed (a single space kept between Latin words), middle-dot
 * variants unified to U+00B7, traditional converted to simplified. A leading formula character
 * (= + - @) is stripped and flagged, never evaluated. Latin names are kept; they are flagged
 * `non_chinese` (still valid) unless they read as pinyin. Characters that belong in no name (digits,
 * '?', other symbols) make the name invalid with `non_chinese`.
 */
export function normaliseName(raw: unknown): NormalisedName {
  const rawText = raw === null || raw === undefined ? '' : String(raw);
  let s = rawText.trim();
  let problem: NormalisedName['problem'];
  const stripped = s.replace(FORMULA_RE, '');
  if (stripped !== s) {
    problem = 'formula';
    s = stripped.trim();
  }
  const noted = splitNote(s);
  const note = noted?.note;
  if (noted !== null) s = noted.head;
  const hasHan = HAN_RE.test(s);
  if (hasHan) {
    s = s
      .replace(ALL_SPACE_RE, '')
      .replace(EDGE_MARKS_RE, '')
      .replace(DOT_VARIANTS_RE, MIDDLE_DOT)
      .replace(EDGE_DOTS_RE, '');
  } else {
    s = s.replace(LATIN_GAP_RE, LATIN_SPACE_MARK).replace(ALL_SPACE_RE, '').replaceAll(LATIN_SPACE_MARK, ' ');
  }
  const simplifiedName = hasHan ? toSimplified(s) : s;
  // Spaces count as stray unless kept as the single gap between Latin words.
  const head = noted === null ? rawText.trim() : noted.head;
  const hadSpaces = SPACE_TEST_RE.test(head) && countSpaces(head) > countSpaces(simplifiedName);
  const flags = { simplified: simplifiedName !== s, hadSpaces, ...(note === undefined ? {} : { note }) };
  s = simplifiedName;
  if (s === '') return result(rawText, s, flags, problem ?? 'empty');
  if (problem === 'formula') return result(rawText, s, flags, problem);
  if ([...s].length > MAX_NAME_LENGTH) return result(rawText, s, flags, 'too_long');
  if (!ALLOWED_CHARS_RE.test(s)) return result(rawText, s, flags, 'non_chinese');
  if (!hasHan && LATIN_LETTERS_RE.test(s) && !isPinyinLike(s))
    return result(rawText, s, flags, 'non_chinese', true);
  return result(rawText, s, flags);
}

/**
 * Why an invalid name is invalid, in words for a message: its length, or the characters no name
 * holds (李"小明: “"”; 张3: “3”), up to five of them. '' for a valid or empty name.
 */
export function nameProblemText(n: NormalisedName): string {
  if (n.problem === 'too_long') return `超过${MAX_NAME_LENGTH}个字`;
  if (n.valid) return '';
  const bad = [...new Set([...n.name].filter((c) => !NAME_CHAR_RE.test(c)))];
  return bad.length === 0 ? '' : `含有不应出现在姓名中的字符${bad.slice(0, 5).map(shownChar).join('')}`;
}

/**
 * A character as a message quotes it: “"”, or — for one that shows nothing or breaks the line (a
 * control character such as NUL, a line break) — its code point: “U+0000”（控制字符） (tester t28a
 * F7: “” was quoted, and the NUL itself went into the problem list).
 */
function shownChar(c: string): string {
  const code = c.codePointAt(0)!;
  if (/\p{Cc}|\p{Cf}|\p{Zl}|\p{Zp}/u.test(c))
    return `“U+${code.toString(16).toUpperCase().padStart(4, '0')}”（不可见的控制字符）`;
  return `“${c}”`;
}

const countSpaces = (s: string): number => s.match(SPACE_COUNT_RE)?.length ?? 0;

/** True when Latin text could be a pinyin spelling of a Chinese name ('Li Na', 'ZHANG Wei'). */
function isPinyinLike(s: string): boolean {
  const letters = s.toLowerCase().replaceAll('\u00fc', 'v').replace(NON_LETTER_RE, '');
  return letters !== '' && PINYIN_RE.test(letters);
}

const readingsCache = new Map<string, readonly string[]>();
const surnameReadingCache = new Map<string, string>();

/** ü is written v so that keys stay ASCII. */
const ascii = (p: string): string => p.replaceAll('\u00fc', 'v').toLowerCase();

/** Toneless readings of one character, default reading first; Latin letters read as themselves. */
function charReadings(ch: string): readonly string[] {
  const hit = readingsCache.get(ch);
  if (hit !== undefined) return hit;
  let readings: string[];
  if (ch === MIDDLE_DOT || ch === ' ' || ch === "'" || ch === '-') readings = [''];
  else if (!HAN_RE.test(ch)) readings = [ascii(ch)];
  else {
    const first = ascii(pinyin(ch, { toneType: 'none', type: 'array' })[0] ?? ch);
    const all = pinyin(ch, { toneType: 'none', type: 'array', multiple: true }).map(ascii);
    readings = [first, ...all.filter((r) => r !== first)];
  }
  readingsCache.set(ch, readings);
  return readings;
}

/** The reading of a surname as a surname (单 → shan, 曾 → zeng), cached per surname. */
function surnameReading(sn: string): string {
  const hit = surnameReadingCache.get(sn);
  if (hit !== undefined) return hit;
  const reading = HAN_RE.test(sn)
    ? pinyin(sn, { toneType: 'none', type: 'array', surname: 'head' }).map(ascii).join('')
    : [...sn].map((c) => charReadings(c)[0]).join('');
  surnameReadingCache.set(sn, reading);
  return reading;
}

/** Readings the roll screen needs of a character that normalisation keeps as it is. */
export interface PlainHanReadings {
  /** Default reading (charReadings' first), as pinyinKey uses after the surname. */
  first: string;
  /** The character's reading as a one-character surname. */
  surname: string;
  /** Some compound surname starts with this character (see `isCompoundSurname`). */
  compoundStart: boolean;
}

/**
 * For the roll screen (matching/screen.ts): the readings of a BMP Han character (U+4E00–U+9FFF)
 * that traditional→simplified conversion does not change, or null. A name made only of such
 * characters normalises to itself (names convert one character at a time), and its
 * `pinyinKey` is the first character's `surname` reading followed by the others' `first` readings
 * (unless it starts with a compound surname, see `isCompoundSurname`).
 */
export function plainHanReadings(cp: number): PlainHanReadings | null {
  if (cp < 0x4e00 || cp > 0x9fff) return null;
  charMap ??= buildCharMap();
  const ch = String.fromCharCode(cp);
  if (!HAN_RE.test(ch) || charMap.has(cp)) return null;
  let compoundStart = false;
  for (const c of COMPOUND_SURNAMES) if (c.charCodeAt(0) === cp) compoundStart = true;
  return {
    first: charReadings(ch)[0]!,
    surname: surnameReading(ch),
    compoundStart,
  };
}

/** True when the two characters form a compound surname that `surname` takes for a 3+ character name. */
export function isCompoundSurname(a: number, b: number): boolean {
  return COMPOUND_SURNAMES.has(String.fromCharCode(a, b));
}

/**
 * Every toneless pinyin reading of a name, each joined without spaces ('李娜' → ['lina', 'linuo']).
 * The surname's surname reading comes first, then the default reading; polyphones multiply, capped
 * at 16 combinations so a name of many polyphones cannot explode.
 */
export function namePinyin(name: string): string[] {
  const sn = surname(name);
  const snReading = sn === '' ? '' : surnameReading(sn);
  let combos: string[] = [''];
  for (const ch of name) {
    const readings = charReadings(ch);
    const next: string[] = [];
    for (const prefix of combos) {
      for (const r of readings) {
        if (next.length >= MAX_READINGS) break;
        next.push(prefix + r);
      }
    }
    combos = next;
  }
  if (sn !== '' && HAN_RE.test(sn)) {
    const preferred = snReading + pinyinKeyRest(name, sn);
    combos = [preferred, ...combos.filter((c) => c !== preferred)].slice(0, MAX_READINGS);
  }
  return combos;
}

/** Default readings of everything after the surname. */
function pinyinKeyRest(name: string, sn: string): string {
  let out = '';
  for (const ch of name.slice(sn.length)) out += charReadings(ch)[0];
  return out;
}

/**
 * One canonical toneless reading for blocking: the surname read as a surname, the rest in its most
 * common reading, no spaces or dots ('李娜' → 'lina', 'li na' → 'lina', '单田芳' → 'shantianfang').
 */
export function pinyinKey(name: string): string {
  const sn = surname(name);
  if (sn === '' || !HAN_RE.test(sn)) {
    let out = '';
    for (const ch of name) out += charReadings(ch)[0];
    return out;
  }
  return surnameReading(sn) + pinyinKeyRest(name, sn);
}

/** Two-character surnames; checked only when the name has at least three characters. */
const COMPOUND_SURNAMES = new Set(
  (
    '欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 端木 澹台 单于 轩辕 呼延 南宫 独孤 西门 万俟 闻人 赫连 申屠 公羊 太史 钟离 宗政 ' +
    '濮阳 淳于 仲孙 鲜于 闾丘 东郭 拓跋 百里 司空 司寇 子车 巫马 公西 漆雕 乐正 壤驷 公良 梁丘 左丘 东门 谷梁 羊舌 微生 公冶 段干 第五 呼衍 贺兰 完颜 耶律'
  ).split(' '),
);

/**
 * The surname of a normalised name: the first segment of a minority name with a middle dot
 * (阿依古丽·买买提 → 阿依古丽), a compound surname when the name is long enough to also hold a
 * given name (欧阳娜娜 → 欧阳, but 欧阳 alone → 欧), else the first character. Latin names give
 * their first word.
 */
export function surname(name: string): string {
  if (name === '') return '';
  const dot = name.indexOf(MIDDLE_DOT);
  if (dot > 0) return name.slice(0, dot);
  if (!HAN_RE.test(name)) return name.split(' ')[0] ?? '';
  const chars = [...name];
  if (chars.length >= 3 && COMPOUND_SURNAMES.has(chars[0]! + chars[1]!)) return chars[0]! + chars[1]!;
  return chars[0]!;
}

export type NameComparison =
  | { level: 'exact' }
  | { level: 'traditional' }
  | { level: 'homophone'; a: string; b: string }
  | { level: 'one_char'; position: number }
  | { level: 'surname_only' }
  | { level: 'transposed' }
  | { level: 'different' };

const pinyinCache = new TwoGenerationCache<readonly string[]>(CACHE_LIMIT / 2);

/** namePinyin, cached: the matcher compares the same registry names with many roll rows. */
function cachedPinyin(name: string): readonly string[] {
  let hit = pinyinCache.get(name);
  if (hit === undefined) {
    hit = namePinyin(name);
    pinyinCache.set(name, hit);
  }
  return hit;
}

/**
 * True when two names share no character (the middle dot of minority names aside): two people, not
 * one name corrected (李娜 → 李纳) or renamed keeping the surname. Empty names share nothing to tell.
 */
export function noCharacterInCommon(a: string, b: string): boolean {
  if (a === '' || b === '') return false;
  return ![...a].some((c) => c !== '·' && b.includes(c));
}

/** Sorted characters, for spotting the same characters in another order. */
const sortedChars = (chars: string[]): string => [...chars].sort().join('');

/**
 * How close two normalised names are, strongest level first: exact, equal after traditional →
 * simplified, homophone (some reading of a equals some reading of b; `a`/`b` carry the differing
 * characters, or the whole names when lengths differ), transposed (same characters, other order,
 * e.g. swapped segments of a minority name), one_char (same length, one character differs;
 * `position` 1-based), surname_only (same surname, other given name: a renamed child), different.
 * Empty names never match.
 */
export function compareNames(a: string, b: string): NameComparison {
  if (a === '' || b === '') return { level: 'different' };
  if (a === b) return { level: 'exact' };
  // A minority name with and without its middle dot (阿依古丽·努尔兰/阿依古丽努尔兰) is the same name.
  if (a.replace('\u00b7', '') === b.replace('\u00b7', '') && Math.abs(a.length - b.length) === 1)
    return { level: 'exact' };
  if (toSimplified(a) === toSimplified(b)) return { level: 'traditional' };
  const ca = [...a];
  const cb = [...b];
  const readingsB = cachedPinyin(b);
  if (cachedPinyin(a).some((r) => readingsB.includes(r))) {
    if (ca.length !== cb.length) return { level: 'homophone', a, b };
    let da = '';
    let db = '';
    for (let i = 0; i < ca.length; i++) {
      if (ca[i] !== cb[i]) {
        da += ca[i];
        db += cb[i];
      }
    }
    return { level: 'homophone', a: da, b: db };
  }
  if (ca.length === cb.length) {
    if (sortedChars(ca) === sortedChars(cb)) return { level: 'transposed' };
    let differing = 0;
    let position = 0;
    for (let i = 0; i < ca.length; i++) {
      if (ca[i] !== cb[i]) {
        differing++;
        if (position === 0) position = i + 1;
      }
    }
    if (differing === 1) return { level: 'one_char', position };
  }
  if (surname(a) === surname(b)) return { level: 'surname_only' };
  return { level: 'different' };
}
