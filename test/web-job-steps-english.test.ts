import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultAidPolicy } from '../src/domain/aid/policy.ts';
import { englishOf } from '../web/src/serverMessages.ts';

/**
 * The steps a running job reports (imports, the comparison, the entitlement run) reach the jobs page
 * and the progress bar as the server writes them, in Chinese. In the English UI each is shown in
 * English: this walks the server's sources for every step literal, so a new step without its English
 * fails here.
 */
const HAN = /\p{Script=Han}/u;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

/** Chinese literals passed as a job step: progress(d, t, '…'), onProgress?.(d, t, '…'), onProgress?.('…', …), step('…'). */
function stepLiterals(): Map<string, string> {
  const found = new Map<string, string>();
  const patterns = [
    /\bprogress\([^()']*,\s*'([^']+)'\)/g,
    /\bonProgress\?\.\([^()']*,\s*'([^']+)'\)/g,
    /\bonProgress\?\.\('([^']+)'/g,
    /\bstep\('([^']+)'\)/g,
  ];
  for (const file of sources(path.resolve(__dirname, '../src'))) {
    const text = readFileSync(file, 'utf8');
    for (const re of patterns)
      for (const m of text.matchAll(re)) if (HAN.test(m[1]!)) found.set(m[1]!, path.relative('.', file));
  }
  return found;
}

describe('job steps in the English UI', () => {
  it('finds the steps the server reports', () => {
    const steps = stepLiterals();
    // The walk itself must see the steps it guards (imports, the comparison, the entitlement run).
    for (const s of ['读取文件', '写入人员档案', '比对中', '计算应享资助', '记录变动和审计日志'])
      expect(steps.has(s)).toBe(true);
  });

  it('has English for every step literal in the server', () => {
    const missing = [...stepLiterals()].filter(([s]) => englishOf(s) === null).map(([s, f]) => `${s} (${f})`);
    expect(missing).toEqual([]);
  });

  it('has English for every programme name the entitlement run reports as its step', () => {
    const names = defaultAidPolicy(2020).programmes.map((p) => p.name);
    expect(names.length).toBeGreaterThan(5);
    for (const n of names) {
      const en = englishOf(n);
      expect(en, n).not.toBeNull();
      expect(HAN.test(en!), n).toBe(false);
    }
  });

  it('keeps a message that only begins like a step as the server wrote it', () => {
    expect(englishOf('完成')).toBe('Done');
    expect(englishOf('完成度不足')).toBeNull();
  });
});
