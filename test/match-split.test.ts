/**
 * Where the two threads split a CSV roll (`findSplit`): the first line break at or after
 * `MAIN_SHARE` of the file with an even number of quotes before it — checked against a byte-by-byte
 * reference on files with quoted line breaks in every position, across 1 MB read chunks.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findSplit, MAIN_SHARE } from '../src/modules/matching/parallel.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'jiaofu-split-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The rule, one byte at a time. */
function reference(b: Buffer): number {
  const mid = Math.floor(b.length * MAIN_SHARE);
  let quotes = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 0x22) quotes++;
    else if (b[i] === 0x0a && i >= mid && quotes % 2 === 0) return i + 1;
  }
  return b.length;
}

/** A deterministic pseudo-random generator (no dependence on Math.random). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('findSplit', () => {
  it('agrees with the byte-by-byte rule on files with quoted line breaks', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const r = rng(seed);
      const rows: string[] = [];
      // Small files, and files of several 1 MB chunks.
      const n = seed % 3 === 0 ? 40_000 : 30 + Math.floor(r() * 200);
      for (let i = 0; i < n; i++) {
        const x = r();
        if (x < 0.05) rows.push(`G1,"李\n娜",女`);
        else if (x < 0.08) rows.push(`G2,"a ""b"" c",男`);
        else if (x < 0.09) rows.push(`G3,"未闭合\n\n`);
        else rows.push(`G${i},王芳${'x'.repeat(Math.floor(r() * 40))},女`);
      }
      const b = Buffer.from(`${rows.join(seed % 2 === 0 ? '\n' : '\r\n')}\n`);
      const file = path.join(dir, `s${seed}.csv`);
      writeFileSync(file, b);
      expect(findSplit(file), `seed ${seed}`).toBe(reference(b));
    }
  });

  it('gives the file size when no line break qualifies', () => {
    const file = path.join(dir, 'none.csv');
    writeFileSync(file, 'a,b\n"open quote\nno close\n');
    expect(findSplit(file)).toBe(reference(Buffer.from('a,b\n"open quote\nno close\n')));
  });
});
