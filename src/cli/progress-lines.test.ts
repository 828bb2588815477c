import { describe, expect, it } from 'vitest';
import { progressLines } from './progress-lines.ts';

/** The lines of a run of reports, then of `finish` when `finished`. */
function run(reports: Array<[number, number | null, string?]>, finished: boolean): string[] {
  const log = progressLines('导入建档立卡');
  const lines = reports.flatMap(([done, total, msg]) => log.update(done, total, msg));
  return finished ? [...lines, ...log.finish()] : lines;
}

describe('progress as log lines (output that is not a terminal)', () => {
  it('ends a finished import at 100%: the last step, reported per batch start, is closed by finish', () => {
    // The registry import reports each batch of 1,000 by its first row: 0 and 1000 of 1,176.
    const lines = run(
      [
        [219690, 219690, '读取文件'],
        [0, 1176, '写入数据库'],
        [1000, 1176, '写入数据库'],
      ],
      true,
    );
    expect(lines).toEqual([
      '导入建档立卡 读取文件 100% (219690/219690)',
      '导入建档立卡 写入数据库 0% (0/1176)',
      '导入建档立卡 写入数据库 80% (1000/1176)',
      '导入建档立卡 写入数据库 100% (1176/1176)',
    ]);
  });

  it('closes a step at 100% when the next step starts (it has finished)', () => {
    expect(
      run(
        [
          [0, 300, '写入数据库'],
          [0, 299, '写入人员档案'],
          [299, 299, '写入人员档案'],
          [300, 300, '完成'],
        ],
        true,
      ),
    ).toEqual([
      '导入建档立卡 写入数据库 0% (0/300)',
      '导入建档立卡 写入数据库 100% (300/300)',
      '导入建档立卡 写入人员档案 0% (0/299)',
      '导入建档立卡 写入人员档案 100% (299/299)',
      '导入建档立卡 完成 100% (300/300)',
    ]);
  });

  it('leaves the last step where it stopped when the work did not finish (failed or refused)', () => {
    expect(run([[0, 1176, '写入数据库']], false)).toEqual(['导入建档立卡 写入数据库 0% (0/1176)']);
  });

  it('prints one line per tenth, none twice, and nothing more at finish when the step ended at 100%', () => {
    const reports: Array<[number, number]> = [];
    for (let i = 0; i <= 1000; i += 50) reports.push([i, 1000]);
    const lines = run(reports, true);
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe('导入建档立卡 0% (0/1000)');
    expect(lines.at(-1)).toBe('导入建档立卡 100% (1000/1000)');
  });

  it('prints no percentages for a count without a known total', () => {
    expect(
      run(
        [
          [0, null, '读取文件'],
          [500, null, '读取文件'],
          [0, 40, '检查数据'],
        ],
        true,
      ),
    ).toEqual(['导入建档立卡 检查数据 0% (0/40)', '导入建档立卡 检查数据 100% (40/40)']);
  });
});
