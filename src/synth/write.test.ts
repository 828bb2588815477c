import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { loadExcel } from '../modules/xlsx/exceljs.ts';
import { generate } from './generate.ts';
import { csvField, REGISTRY_HEADERS, STUDENT_HEADERS, writeDataset } from './write.ts';

const ID_HEADER = '身份证件号';
const dir = mkdtempSync(path.join(tmpdir(), 'synth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('write', () => {
  it('quotes CSV fields only when needed', () => {
    expect(csvField('陈丽')).toBe('陈丽');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(' 350421')).toBe('" 350421"');
  });

  it('writes CSV with a BOM, Chinese headers and ground truth that line up', async () => {
    const ds = generate({ seed: 11, households: 400, extraStudents: 1500, damage: { spaces: 0.2 } });
    const out = path.join(dir, 'csv');
    const summary = await writeDataset(ds, { outDir: out, format: 'csv' });
    const text = readFileSync(summary.files.students, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const students = parse(text, { bom: true, columns: true, relax_column_count: false }) as Record<
      string,
      string
    >[];
    expect(Object.keys(students[0]!)).toEqual([...STUDENT_HEADERS]);
    expect(students).toHaveLength(ds.studentCount);
    const truth = parse(readFileSync(summary.files.studentTruth, 'utf8'), {
      bom: true,
      columns: true,
    }) as Record<string, string>[];
    expect(truth).toHaveLength(students.length);
    const rows = [...ds.students()];
    students.forEach((s, i) => {
      expect(s[ID_HEADER]).toBe(rows[i]!.row.idNumber); // spaces survive the round trip
      expect(truth[i]!.kind).toBe(rows[i]!.truth.kind);
    });
    const registry = parse(readFileSync(summary.files.registry, 'utf8'), {
      bom: true,
      columns: true,
    }) as Record<string, string>[];
    expect(Object.keys(registry[0]!)).toEqual([...REGISTRY_HEADERS]);
    expect(registry).toHaveLength(ds.registry.length);
    const json = JSON.parse(readFileSync(summary.files.truth, 'utf8'));
    expect(json.outOfSchool).toEqual(ds.outOfSchool);
    expect(json.hardNegativeRows).toEqual(ds.hardNegativeRows);
    expect(summary.counts.students).toBe(ds.studentCount);
  });

  it('writes xlsx with the same headers, numbers where Excel made numbers', async () => {
    const ds = generate({ seed: 12, households: 100, extraStudents: 300, damage: { scientific: 0.3 } });
    const out = path.join(dir, 'xlsx');
    const summary = await writeDataset(ds, { outDir: out, format: 'xlsx' });
    const wb = new (loadExcel().Workbook)();
    await wb.xlsx.readFile(summary.files.students);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(ds.studentCount + 1);
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([...STUDENT_HEADERS]);
    const idCol = STUDENT_HEADERS.indexOf('身份证件号') + 1;
    const types = new Set<string>();
    ws.eachRow((r, n) => {
      if (n > 1) types.add(typeof r.getCell(idCol).value);
    });
    expect(types).toContain('number');
    expect(types).toContain('string');
  });
});
