/**
 * What a new 建档立卡 list's import report says of the persons it changes (outside tester v27b):
 * a household split or a renumbering is no removal (F3).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { idCheckChar } from '../src/domain/identity/checksum.ts';
import { importRegistry } from '../src/modules/registry/registry.import.ts';
import { SYSTEM_ACTOR } from '../src/server/scope.ts';
import { todayInChina } from '../src/server/today.ts';
import { seedMiniRegions } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiaofu-reg-report-'));
let database: Database;

/** A valid ID of 明溪县 for a birth date and a 3-digit sequence. */
const id = (born: string, seq: string, area = '350421') => {
  const body = `${area}${born.replaceAll('-', '')}${seq}`;
  return body + idCheckChar(body);
};
const year = Number(todayInChina().slice(0, 4));
/** Of compulsory age this school year (10). */
const child = `${year - 10}-03-28`;

const CH = '一二三四五六七八九十';
const HEADER = '户编号,人编号,姓名,证件号码,与户主关系,县(市、区),乡(镇),脱贫状态';
const ZHANG = id('1970-01-02', '011');
const CHEN = id('1973-06-08', '386');
const JIN = id(child, '577');
const HAN = id(child, '578');
const WANG = id('1990-06-08', '493');
const ZHE = id(`${year - 9}-08-06`, '789');
const LIN = id('1965-05-05', '111');

function importLines(name: string, lines: string[], confirmRemoval?: boolean) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${HEADER}\n${lines.join('\n')}\n`);
  return importRegistry(
    database.db,
    SYSTEM_ACTOR,
    { path: file, filename: name },
    undefined,
    confirmRemoval === undefined ? undefined : { confirmRemoval },
  );
}
const row = (h: string, p: string, name: string, idNumber: string, relation: string, status = '未脱贫') =>
  `${h},${p},${name},${idNumber},${relation},明溪县,雪峰镇,${status}`;

beforeAll(async () => {
  database = await createTestDb();
  await seedMiniRegions(database);
});
afterAll(async () => {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`a 建档立卡 list that splits a household or renumbers persons (${testDbKind}, tester v27b F3)`, () => {
  it('reports the persons whose ID is on the new list under another 人编号 as moved, not as removed and new', async () => {
    const first = await importLines('first.csv', [
      row('H1', 'P11', '张父', ZHANG, '户主'),
      row('H1', 'P12', '陈红桂', CHEN, '配偶'),
      row('H1', 'P13', '张恒锦', JIN, '之子'),
      row('H1', 'P14', '张恒涵', HAN, '之女'),
      row('H2', 'P21', '王生伟', WANG, '户主'),
      row('H2', 'P22', '王浩哲', ZHE, '之子'),
      row('H3', 'P31', '林父', LIN, '户主'),
    ]);
    expect(first.ok).toBe(true);
    // 陈红桂 and her children split off into H9 under new 人编号; household H2 leaves the list.
    const second = await importLines('second.csv', [
      row('H1', 'P11', '张父', ZHANG, '户主'),
      row('H9', 'P91', '陈红桂', CHEN, '户主'),
      row('H9', 'P92', '张恒锦', JIN, '之子'),
      row('H9', 'P93', '张恒涵', HAN, '之女'),
      row('H3', 'P31', '林父', LIN, '户主'),
    ]);
    expect(second.ok).toBe(true);
    expect(second.counts).toMatchObject({
      households_added: 0,
      households_removed: 1,
      persons_added: 0,
      persons_removed: 2,
      persons_moved: 3,
    });
    const notices = second.notices ?? [];
    expect(notices).toContain(
      '与所覆盖县(市、区)的上一版建档立卡名单相比：新增 0 户、0 人，移出 1 户、2 人；另有 3 人分户或人编号变更（证件号码相同，不计为新增和移出）。请重新比对：移出人员的学生将不再列为建档立卡学生，新增人员中的适龄儿童将与学籍比对。',
    );
    expect(notices).toContain(
      '分户或人编号变更的人员（3 人）：陈红桂（分户：人编号 P12 → P91，户编号 H1 → H9）、张恒锦（分户：人编号 P13 → P92，户编号 H1 → H9）、张恒涵（分户：人编号 P14 → P93，户编号 H1 → H9）。他们的证件号码与原名单相同，仍是建档立卡人员，不计为移出和新增；重新比对后按新的人编号列出。',
    );
    const removed = notices.find((n) => n.startsWith('移出的在读学生和义务教育适龄儿童'));
    expect(removed).toContain('王浩哲');
    for (const n of notices.filter((n) => /^(移出的|新增的)/.test(n)))
      for (const name of ['陈红桂', '张恒锦', '张恒涵']) expect(n).not.toContain(name);
    expect(notices.find((n) => n.startsWith('移出的户'))).toContain('：H2（2 人）。');
  });

  it('pairs no one by an ID Excel damaged, or by one ID two persons share', async () => {
    // (The list now: H1 P11 张父, H9 P91–P93, H3 P31.)
    const r = await importLines('third.csv', [
      row('H1', 'P11', '张父', ZHANG, '户主'),
      row('H8', 'P81', '陈红桂', '3.50421E+17', '户主'),
      row('H8', 'P82', '张恒锦', JIN, '之子'),
      row('H8', 'P83', '张恒涵', JIN, '之女'),
      row('H3', 'P31', '林父', LIN, '户主'),
    ]);
    expect(r.ok).toBe(true);
    expect(r.counts).toMatchObject({ persons_added: 3, persons_removed: 3, persons_moved: 0 });
    expect((r.notices ?? []).some((n) => n.startsWith('分户或人编号变更'))).toBe(false);
  });

  it('does not hold a county renumbered whole as a list removing most of the county', async () => {
    const all = (h: string, p: string) =>
      Array.from({ length: 30 }, (_, i) =>
        row(
          `${h}${Math.floor(i / 3)}`,
          `${p}${i}`,
          `林${CH[i % 10]}${CH[Math.floor(i / 10)]}`,
          id('1980-01-01', String(100 + i)),
          i % 3 ? '之子' : '户主',
        ),
      );
    expect((await importLines('county.csv', all('HA', 'PA'))).ok).toBe(true);
    const renumbered = await importLines('renumbered.csv', all('HB', 'PB'));
    expect(renumbered.fileError).toBeUndefined();
    expect(renumbered.ok).toBe(true);
    expect(renumbered.counts).toMatchObject({
      households_added: 0,
      households_removed: 0,
      persons_added: 0,
      persons_removed: 0,
      persons_moved: 30,
    });
    expect((renumbered.notices ?? []).find((n) => n.startsWith('分户或人编号变更'))).toContain(
      '林一一（户编号变更：人编号 PA0 → PB0，户编号 HA0 → HB0）',
    );
  });
});

describe(`a 建档立卡 list that changes the ID of a person kept under their 人编号 (${testDbKind}, tester v27b F4)`, () => {
  const DENG = id(`${year - 10}-04-20`, '266');
  const DENG2 = id(`${year - 10}-04-20`, '268');
  const FANG = id(`${year - 11}-02-02`, '123');
  const YE = id(`${year - 12}-05-05`, '321');
  it('names each, the IDs masked and where they differ, for the comparison may change', async () => {
    const first = await importLines(
      'ids-first.csv',
      [
        row('H1', 'P1', '邓语颖', DENG, '户主'),
        row('H1', 'P2', '方小雨', FANG, '之女'),
        row('H1', 'P3', '叶子航', '', '之子'),
        row('H1', 'P4', '叶父', ZHANG, '之子'),
      ],
      true,
    );
    expect(first.ok).toBe(true);
    const second = await importLines('ids-second.csv', [
      row('H1', 'P1', '邓语颖', DENG2, '户主'),
      row('H1', 'P2', '方小雨', '3.50421E+17', '之女'),
      row('H1', 'P3', '叶子航', YE, '之子'),
      row('H1', 'P4', '叶父', ZHANG, '之子'),
    ]);
    expect(second.ok).toBe(true);
    expect(second.counts).toMatchObject({ persons_added: 0, persons_removed: 0, persons_id_changed: 3 });
    const notice = (second.notices ?? []).find((n) => n.startsWith('证件号码变更'));
    expect(notice).toBe(
      `证件号码变更（3 人，人编号不变）：邓语颖（人编号 P1）：350421***********${DENG.at(-1)} → 350421***********${DENG2.at(-1)}（第17、18位不同）；方小雨（人编号 P2）：350421***********${FANG.at(-1)} → 3.5042*E+17（无效）；叶子航（人编号 P3）：空 → 350421***********${YE.at(-1)}。信息比对按证件号码比对，这些人员的比对结果可能随之改变（如已确认的学生变为疑似匹配），请重新比对并核实。`,
    );
    for (const whole of [DENG, DENG2, FANG, YE]) expect(notice).not.toContain(whole);
  });
});
