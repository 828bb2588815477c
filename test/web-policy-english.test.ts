import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultAidPolicy } from '../src/domain/aid/policy.ts';
import { type Lang, punctOf, translate, translateCode } from '../web/src/i18n.ts';
import { en } from '../web/src/locales/en.ts';
import { amountText, eligibilityText, type PolicyWords } from '../web/src/pages/aid/PolicyTables.tsx';
import type { PolicyConfig } from '../web/src/pages/aid/types.ts';

/**
 * The aid policy page in the English UI (tester A9: its amounts, units, counties, terms and tiers were
 * Chinese among English headings). The words are English; the policy's own notes — its quotations of
 * the official text and document numbers — stay as the policy writes them.
 */
const HAN = /\p{Script=Han}/u;

function words(lang: Lang): PolicyWords {
  return {
    t: (key, vars) => translate(lang, key, vars),
    tc: (prefix, code) => translateCode(lang, prefix, code),
    p: punctOf(lang),
  };
}

describe('the aid policy tables by the chosen language', () => {
  let lang: Lang = 'zh';
  beforeEach(() => {
    (globalThis as { localStorage?: unknown }).localStorage = {
      getItem: (k: string) => (k === 'jiaofu.lang' ? lang : null),
    };
  });
  afterEach(() => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
  });
  const config = defaultAidPolicy(2020) as unknown as PolicyConfig;
  const prog = (code: string) => config.programmes.find((p) => p.code === code)!;

  it('states every amount rule and eligibility in English, the notes as the policy wrote them', () => {
    lang = 'en';
    const en = words('en');
    expect(amountText(prog('boarding_subsidy'), en, config)).toBe(
      'Primary 1000 yuan/yr; Junior secondary 1250 yuan/yr',
    );
    expect(amountText(prog('senior_fee_waiver'), en, config)).toBe(
      "Senior secondary 1200 yuan/yr (by the school's fee)",
    );
    expect(amountText(prog('nutrition'), en, config)).toBe('4 yuan/school day');
    expect(amountText(prog('nonboarding_living'), en, config)).toBe('50% of Boarding living subsidy');
    expect(amountText(prog('senior_grant'), en, config)).toBe(
      'Special hardship 3000 yuan/yr; Hardship 2000 yuan/yr; General hardship 1000 yuan/yr',
    );
    for (const p of config.programmes) {
      expect(amountText(p, en, config)).not.toMatch(HAN);
      expect(eligibilityText({ ...p, note: undefined }, en)).not.toMatch(HAN);
    }
    expect(eligibilityText(prog('nutrition'), en)).toBe(`6 counties; ${prog('nutrition').note}`);
  });

  it('keeps the Chinese wording in Chinese', () => {
    lang = 'zh';
    const zh = words('zh');
    expect(amountText(prog('boarding_subsidy'), zh, config)).toBe('小学 1000元/年；初中 1250元/年');
    expect(amountText(prog('senior_fee_waiver'), zh, config)).toBe('普通高中 1200元/年（按学校收费标准）');
    expect(amountText(prog('nonboarding_living'), zh, config)).toBe('寄宿生生活费补助的 50%');
    expect(amountText(prog('senior_grant'), zh, config)).toBe(
      '特别困难 3000元/年；困难 2000元/年；一般困难 1000元/年',
    );
    expect(eligibilityText(prog('boarding_subsidy'), zh)).toBe('限寄宿生');
  });

  it('has the page’s own words in both dictionaries', () => {
    expect(translate('en', 'aid.policy.yearVersion', { year: 2020, version: 3 })).toBe('2020, version 3');
    expect(translate('zh', 'aid.policy.yearVersion', { year: 2020, version: 3 })).toBe('2020 年第 3 版');
    expect(translate('en', 'aid.policy.autumn')).toBe('Autumn term');
    expect(translateCode('en', 'aidMidYear', 'covid')).not.toMatch(HAN);
  });

  it('counts in English with the number’s own form: 1 roll, 2 rolls (tester v24b F10)', () => {
    expect(translate('en', 'cmp.stale', { n: 1 })).toMatch(/^1 roll or list was imported/);
    expect(translate('en', 'cmp.stale', { n: 3 })).toMatch(/^3 rolls or lists were imported/);
    expect(translate('en', 'dropout.countRule', { cases: 1, children: 1 })).toMatch(/1 case, 1 child,/);
    expect(translate('en', 'aid.policy.bySchool', { n: 1 })).toMatch(/^1 school has its own fee/);
    expect(translate('zh', 'cmp.stale', { n: 1 })).not.toMatch(/\{|\|/);
    // No English text counts with "(s)" any more, and every {name:one|other} names a placeholder.
    for (const [key, text] of Object.entries(en)) {
      expect(text, key).not.toMatch(/\w\(s\)/);
      for (const m of text.matchAll(/\{(\w+):[^{}|]*\|[^{}]*\}/g)) expect(text, key).toContain(`{${m[1]}}`);
    }
  });
});
