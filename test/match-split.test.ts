/**
 * Where a CSV roll is cut into parts for the two threads (`findSplits`, `partBounds`): for each
 * target, the first line break at or after it outside a quoted cell — checked against a
 * byte-by-byte reference on files with quoted line breaks in every position, across 1 MB
 * read chunks.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findSplits, PARTS, partBounds } from '../src/modules/matching/parallel.ts';
import { Rng } from '../src/synth/random.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'jiaofu-split-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The rule, one byte at a time, as Excel reads a CSV: a quote opens a quoted cell only when nothing
 * but spaces comes before it in the cell; inside, "" is a quote and " closes; elsewhere it is a
 * character.
 */
function reference(b: Buffer, targets: number[]): number[] {
  const out: number[] = [];
  let k = 0;
  let quoted = false;
  let fresh = true;
  for (let i = 0; i < b.length && k < targets.length; i++) {
    const c = b[i];
    if (quoted) {
      if (c === 0x22) {
        if (b[i + 1] === 0x22) i++;
        else {
          quoted = false;
          fresh = false;
        }
      }
    } else if (c === 0x2c) fresh = true;
    else if (c === 0x0a) {
      fresh = true;
      if (i >= targets[k]!) {
        out.push(i + 1);
        k++;
      }
    } else if (c === 0x22 && fresh) quoted = true;
    else if (c !== 0x20 && c !== 0x09) fresh = false;
  }
  return out;
}

/** A deterministic pseudo-random generator (the synthetic data's own, seeded). */
function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

describe('findSplits', () => {
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
        // Quotes inside a cell (Excel reads them as characters): an odd number of them on a line
        // does not join the next line.
        else if (x < 0.11) rows.push(`G4,李"小"明,5"班`);
        else if (x < 0.12) rows.push(`G5,  "a, b" ,"x"y",""`);
        else if (x < 0.13) rows.push(`G6,"",""""	"z`);
        else rows.push(`G${i},王芳${'x'.repeat(Math.floor(r() * 40))},女`);
      }
      const b = Buffer.from(`${rows.join(seed % 2 === 0 ? '\n' : '\r\n')}\n`);
      const file = path.join(dir, `s${seed}.csv`);
      writeFileSync(file, b);
      // One target, several spread over the file, and targets closer together than the lines.
      const parts = 1 + (seed % 7) * 5;
      const targets = Array.from({ length: parts }, (_, k) => Math.floor(((k + 1) * b.length) / (parts + 1)));
      if (seed % 5 === 0) targets.push(...targets.map((t) => t + 3));
      targets.sort((x, y) => x - y);
      expect(findSplits(file, targets), `seed ${seed}`).toEqual(reference(b, targets));
    }
  });

  it('gives nothing for a target no line break answers', () => {
    const file = path.join(dir, 'none.csv');
    const b = Buffer.from('a,b\n"open quote\nno close\n');
    writeFileSync(file, b);
    expect(findSplits(file, [5])).toEqual([]);
    expect(findSplits(file, [5])).toEqual(reference(b, [5]));
  });
});

describe('partBounds', () => {
  it('cuts a roll into about PARTS parts at line starts, from 0 to the file size', () => {
    const rows = Array.from({ length: 90_000 }, (_, i) => `G${i},"王\n芳",女,${'x'.repeat(i % 50)}`);
    const b = Buffer.from(`学籍号,姓名,性别,备注\n${rows.join('\n')}\n`);
    const file = path.join(dir, 'parts.csv');
    writeFileSync(file, b);
    const bounds = partBounds(file);
    expect(bounds[0]).toBe(0);
    expect(bounds[bounds.length - 1]).toBe(b.length);
    expect(bounds.length - 1).toBeGreaterThan(PARTS / 2);
    expect(bounds.length - 1).toBeLessThanOrEqual(PARTS + 1);
    for (let p = 1; p < bounds.length - 1; p++) {
      expect(bounds[p]!).toBeGreaterThan(bounds[p - 1]!);
      // A line start outside quotes: the part before it ends with a complete row.
      expect(b[bounds[p]! - 1]).toBe(0x0a);
      expect(b.toString('utf8', bounds[p]!, bounds[p]! + 1)).toBe('G');
    }
  });
});
