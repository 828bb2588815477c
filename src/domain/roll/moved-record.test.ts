import { describe, expect, it } from 'vitest';
import { idCheckChar } from '../identity/checksum.ts';
import { idCorrection, latestPerRecord, movedRecordNote } from './moved-record.ts';
import type { RollSnapshot } from './roll-diff.ts';

const id = (first17: string): string => first17 + idCheckChar(first17)!;
const OLD = id('35042120120606081');
const NEW = id('35042120120606095');
/** An ID as the person page shows it. */
const m = (x: string): string => `${x.slice(0, 6)}***********${x.slice(-1)}`;
const snap = (raw: string | null, over: Partial<RollSnapshot> = {}, no = `G${OLD}`): RollSnapshot => ({
  studentNo: no,
  schoolCode: '2135000001',
  status: 'enrolled',
  fields: { student_no: no, name: '孙甲', id_number_raw: raw },
  ...over,
});

describe('idCorrection: the ID correction a stored roll change records', () => {
  it('is a valid ID replaced by another valid one, with the person the record left', () => {
    expect(idCorrection(snap(OLD, { personId: 7 }), snap(NEW))).toEqual({
      studentNo: `G${OLD}`,
      fromId: OLD,
      toId: NEW,
      fromPersonId: 7,
    });
    // (The stored snapshot may hold the person as a string: a bigint column.)
    expect(idCorrection(snap(OLD, { personId: '7' as unknown as number }), snap(NEW))?.fromPersonId).toBe(7);
    // A snapshot stored before the person was kept: a correction, its former person unknown.
    expect(idCorrection(snap(OLD), snap(NEW))?.fromPersonId).toBeNull();
  });

  it('reads an ID cell as imports do (spaces, a lower-case x, a 15-digit ID), and an Excel-damaged cell by the G + ID 学籍号', () => {
    expect(
      idCorrection(snap(` ${OLD.slice(0, 6)} ${OLD.slice(6)}`, { personId: 1 }), snap(NEW)),
    ).toMatchObject({
      fromId: OLD,
      toId: NEW,
    });
    expect(idCorrection(snap('3.50421E+17', { personId: 1 }), snap(NEW))).toMatchObject({
      fromId: OLD,
      toId: NEW,
    });
  });

  it('is no correction when an ID is given, cleared, kept, mistyped or another document', () => {
    const L = 'L2024001';
    expect(idCorrection(snap(null, { personId: 1 }, L), snap(NEW, {}, L))).toBeNull();
    expect(idCorrection(snap(OLD, { personId: 1 }, L), snap('', {}, L))).toBeNull();
    expect(idCorrection(snap(OLD, { personId: 1 }, L), snap(` ${OLD}`, {}, L))).toBeNull();
    expect(idCorrection(snap(OLD, { personId: 1 }, L), snap(`${OLD.slice(0, 17)}0`, {}, L))).toBeNull();
    expect(idCorrection(snap(OLD, { personId: 1 }, L), snap('E12345678', {}, L))).toBeNull();
    // A new pupil (no before) or one who left (no after).
    expect(idCorrection(null, snap(NEW))).toBeNull();
    expect(idCorrection(snap(OLD, { personId: 1 }), null)).toBeNull();
  });
});

describe('latestPerRecord', () => {
  it('keeps each record’s last item, in the order of those last items', () => {
    const items = [
      { key: 'a', n: 1 },
      { key: 'b', n: 2 },
      { key: 'a', n: 3 },
    ];
    expect(latestPerRecord(items)).toEqual([
      { key: 'b', n: 2 },
      { key: 'a', n: 3 },
    ]);
  });
});

describe('movedRecordNote: the sentence of a record a corrected ID moved', () => {
  const c = { studentNo: `G${OLD}`, fromId: OLD, toId: NEW, fromPersonId: 7 };
  it('on the former person’s file says where it went, every number masked', () => {
    const n = movedRecordNote('out', c, '2026-11-30');
    expect(n.text).toBe(
      `学籍记录已转出：学籍号 G${m(OLD)} 的学籍记录于 2026-11-30 因身份证号更正（由 ${m(OLD)} 改为 ${m(NEW)}）转至另一人员档案`,
    );
    expect(n).toMatchObject({
      direction: 'out',
      studentNo: `G${m(OLD)}`,
      day: '2026-11-30',
      fromId: m(OLD),
      toId: m(NEW),
    });
    expect(n.text).not.toContain(OLD);
    expect(n.text).not.toContain(NEW);
  });

  it('on the new person’s file says it came from another file; a 学籍号 of another form stays whole', () => {
    const n = movedRecordNote('in', { ...c, studentNo: 'L2024001' }, '2026-11-30');
    expect(n.text).toBe(
      `学籍记录由更正身份证号转入：学籍号 L2024001 的学籍记录于 2026-11-30 因身份证号更正（由 ${m(OLD)} 改为 ${m(NEW)}）由原身份证号的人员档案转入本档案`,
    );
    expect(n.text).not.toContain(OLD);
  });
});
