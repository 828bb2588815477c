import {
  createContext,
  createElement,
  type ReactNode,
  useCallback,
  useContext,
  useMemo,
  useState,
} from 'react';
import { en } from './locales/en.ts';
import { zh } from './locales/zh.ts';

/**
 * The UI's words, Simplified Chinese first (the bureau's working language) with an English
 * switch. Messages from the API are already Chinese and are shown as they come.
 */
export type Lang = 'zh' | 'en';

export type MessageKey = keyof typeof zh;

const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { zh, en };
const STORAGE_KEY = 'jiaofu.lang';

/**
 * Looks a key up and fills `{name}` placeholders. `{name:one|other}` picks the word by the number
 * (English: "1 roll", "2 rolls"; Chinese has no plural and does not use it).
 */
export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = DICTIONARIES[lang][key] ?? zh[key] ?? key;
  if (!vars) return text;
  return text
    .replace(/\{(\w+):([^|{}]*)\|([^{}]*)\}/g, (m, name: string, one: string, other: string) =>
      name in vars ? (Number(vars[name]) === 1 ? one : other) : m,
    )
    .replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** Looks up a dynamic key such as `stage.${code}`, falling back to the raw code. */
/** Every code that has a label under `prefix` (e.g. 'entity' → app_user, school, …), in dictionary order. */
export function codesOf(prefix: string): string[] {
  const head = `${prefix}.`;
  return Object.keys(zh)
    .filter((k) => k.startsWith(head))
    .map((k) => k.slice(head.length));
}

export function translateCode(lang: Lang, prefix: string, code: string): string {
  const key = `${prefix}.${code}`;
  return key in zh ? translate(lang, key as MessageKey) : code;
}

/** The language the user chose (outside React, e.g. for an error's message); Chinese by default. */
export function currentLang(): Lang {
  return initialLang();
}

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

/**
 * The punctuation that joins words the code puts together (a label and its value, a list, a note in
 * brackets): full-width in Chinese, ASCII with its spaces in English (tester A14: “Schools（12）”).
 */
export interface Punct {
  /** `label：` / `label: ` */
  colon: string;
  /** Between clauses or items of a list: `；` / `; ` */
  semicolon: string;
  /** Between the items of an enumeration: `、` / `, ` */
  enumeration: string;
  /** Between the parts of one item: `，` / `, ` */
  comma: string;
  /** The end of a sentence followed by another: `。` / `. ` */
  stop: string;
  /** A note in brackets after a word: `（x）` / ` (x)` */
  paren(x: string | number): string;
}

const PUNCT: Record<Lang, Punct> = {
  zh: { colon: '：', semicolon: '；', enumeration: '、', comma: '，', stop: '。', paren: (x) => `（${x}）` },
  en: { colon: ': ', semicolon: '; ', enumeration: ', ', comma: ', ', stop: '. ', paren: (x) => ` (${x})` },
};

/** The joining punctuation of `lang`. */
export function punctOf(lang: Lang): Punct {
  return PUNCT[lang];
}

export interface I18n {
  lang: Lang;
  /** The joining punctuation of the current language. */
  p: Punct;
  setLang(lang: Lang): void;
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  /** Label of a coded value, e.g. `tc('stage', 'primary')` → 小学. */
  tc(prefix: string, code: string): string;
}

const I18nContext = createContext<I18n | null>(null);

/** Holds the chosen language (persisted in localStorage) for the whole app. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  }, []);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      p: PUNCT[lang],
      t: (key, vars) => translate(lang, key, vars),
      tc: (prefix, code) => translateCode(lang, prefix, code),
    }),
    [lang, setLang],
  );
  return createElement(I18nContext.Provider, { value }, children);
}

/** The current language and its lookup functions. */
export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
