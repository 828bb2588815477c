#!/usr/bin/env node
// Side probes, run on a COPY of the scored database (run.sh --probe):
//  1. leavers: the whole roll is imported again without 12 pupils who had firm lines → after a new run they
//     must have no 2020-autumn line (only 在读 pupils are entitled);
//  2. 高等教育: a 高校 with 建档立卡 students (POLICY lists 高校 国家助学金 3300元/年 and 雨露计划 3000元/年);
//  3. names that a traditional→simplified conversion would change (於, 沈默, 乾): stored and paid under the roll's name?
// Usage: node probe.mjs make --data DIR --out DIR      (writes schools/students/registry probe files)
//        node probe.mjs check --data DIR --out DIR --app FILE
import fs from 'node:fs';
import path from 'node:path';
import { expectedLines } from './oracle.mjs';

const [mode, ...rest] = process.argv.slice(2);
const args = Object.fromEntries(
  rest.flatMap((a, i, arr) => (a.startsWith('--') ? [[a.slice(2), arr[i + 1]]] : [])),
);
const DATA = args.data ?? '/tmp/aidblind/data';
const OUT = args.out ?? '/tmp/aidblind/probe';
const truth = JSON.parse(fs.readFileSync(path.join(DATA, 'truth.json'), 'utf8'));

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ck = (id17) => '10X98765432'[[...id17].reduce((a, d, i) => a + Number(d) * W[i], 0) % 11];
const mkId = (area, birth, seq) => {
  const id17 = `${area}${birth}${String(seq).padStart(3, '0')}`;
  return id17 + ck(id17);
};
const readCsv = (f) =>
  fs
    .readFileSync(f, 'utf8')
    .replace(/^\ufeff/, '')
    .trim()
    .split(/\r?\n/);

if (mode === 'make') {
  fs.mkdirSync(OUT, { recursive: true });
  // 1. leavers: one per stage/status kind with firm lines
  const leavers = [];
  const seenTag = new Set();
  for (const st of truth.students) {
    if (st.rec || leavers.length >= 12) continue;
    const firm = expectedLines(st).filter((l) => l.firm && l.programme !== 'nutrition');
    const k = `${st.stage}|${st.tag}`;
    if (firm.length && !seenTag.has(k)) {
      seenTag.add(k);
      leavers.push(st);
    }
  }
  const leaverNos = new Set(leavers.map((s) => s.studentNo));
  const rollLines = readCsv(path.join(DATA, 'students.csv'));
  const header = rollLines[0];
  const kept = rollLines.slice(1).filter((l) => !leaverNos.has(l.split(',')[0]));

  // 2 + 3. a 高校 and a primary school in 三元区 (350403), pupils from 建档立卡 households
  const schools = [
    {
      code: '2135899001',
      name: '三元测资学院',
      county: '三元区',
      town: '城关街道',
      stage: '高等教育',
      kind: '公办',
    },
    {
      code: '2135899002',
      name: '三元测资名字小学',
      county: '三元区',
      town: '莘口镇',
      stage: '小学',
      kind: '公办',
    },
  ];
  const people = [
    {
      name: '林海峰',
      school: schools[0],
      stageLabel: '高等教育',
      grade: '一年级',
      birth: '20020315',
      boarding: '是',
    },
    {
      name: '陈雅琴',
      school: schools[0],
      stageLabel: '高等教育',
      grade: '二年级',
      birth: '20010720',
      boarding: '是',
    },
    {
      name: '於佳怡',
      school: schools[1],
      stageLabel: '小学',
      grade: '三年级',
      birth: '20120405',
      boarding: '是',
    },
    {
      name: '沈默然',
      school: schools[1],
      stageLabel: '小学',
      grade: '四年级',
      birth: '20110611',
      boarding: '是',
    },
    {
      name: '王乾坤',
      school: schools[1],
      stageLabel: '小学',
      grade: '五年级',
      birth: '20100213',
      boarding: '是',
    },
    {
      name: '乾宇航',
      school: schools[1],
      stageLabel: '小学',
      grade: '五年级',
      birth: '20100908',
      boarding: '是',
    },
  ];
  const regLines = readCsv(path.join(DATA, 'registry.csv'));
  const newReg = [];
  const newRoll = [];
  people.forEach((p, i) => {
    p.id = mkId('350403', p.birth, 901 + i * 2);
    const head = {
      name: `${p.name[0] === '乾' ? '王' : p.name[0]}建国${i}`.slice(0, 3),
      id: mkId('350403', '19780101', 701 + i * 2),
    };
    const hh = `3504039${String(i + 1).padStart(7, '0')}`;
    const base = [head.name, head.id, '三元区', p.school.town, '测试村委会', '一般贫困户', '未脱贫'];
    newReg.push([hh, `${hh}01`, head.name, head.id, '男', '户主', ...base, '非在校生'].join(','));
    newReg.push(
      [hh, `${hh}02`, p.name, p.id, Number(p.id[16]) % 2 ? '男' : '女', '之子', ...base, '在校生'].join(','),
    );
    newRoll.push(
      [
        `G${p.id}`,
        p.name,
        Number(p.id[16]) % 2 ? '男' : '女',
        `${p.birth.slice(0, 4)}-${p.birth.slice(4, 6)}-${p.birth.slice(6)}`,
        p.id,
        p.school.code,
        p.school.name,
        p.stageLabel,
        p.grade,
        '1班',
        `福建省三明市三元区${p.school.town}`,
        head.name,
        head.id,
        p.boarding,
        '否',
        '否',
      ].join(','),
    );
  });
  const bom = '\ufeff';
  const schoolFile = (f, list) =>
    fs.writeFileSync(
      path.join(OUT, f),
      `${bom}学校标识码,学校名称,县(市、区),乡(镇),学段,办学类型\r\n${list.map((s) => [s.code, s.name, s.county, s.town, s.stage, s.kind].join(',')).join('\r\n')}\r\n`,
    );
  schoolFile('schools-higher.csv', [schools[0]]);
  schoolFile('schools-names.csv', [schools[1]]);
  fs.writeFileSync(path.join(OUT, 'students.csv'), `${bom}${[header, ...kept, ...newRoll].join('\r\n')}\r\n`);
  // the same roll without the 高校 rows, in case the app refuses a 高等教育 school or its pupils
  fs.writeFileSync(
    path.join(OUT, 'students-nohigher.csv'),
    `${bom}${[header, ...kept, ...newRoll.filter((l) => !l.includes(schools[0].code))].join('\r\n')}\r\n`,
  );
  fs.writeFileSync(path.join(OUT, 'registry.csv'), `${bom}${[...regLines, ...newReg].join('\r\n')}\r\n`);
  fs.writeFileSync(path.join(OUT, 'probe-truth.json'), JSON.stringify({ leavers, people, schools }, null, 1));
  console.log(
    `probe files → ${OUT}: ${leavers.length} leavers, ${people.length} new pupils (2 in a 高校, 4 with names a t2s conversion changes)`,
  );
} else if (mode === 'check') {
  const pt = JSON.parse(fs.readFileSync(path.join(OUT, 'probe-truth.json'), 'utf8'));
  const app = JSON.parse(fs.readFileSync(args.app ?? path.join(OUT, 'app-lines.json'), 'utf8'));
  const masked = (id) => `G${id.slice(0, 6)}********${id.slice(-4)}`;
  const linesOf = (id, school) =>
    app.lines.filter((l) => l.student_no === masked(id) && l.school_code === school);
  console.log('\n=== side probes ===');
  let still = 0;
  for (const s of pt.leavers) {
    const l = linesOf(s.id, s.schoolCode);
    if (l.length) {
      still++;
      console.log(
        `  LEAVER STILL ENTITLED: ${s.name} (${s.stage} ${s.tag}): ${l.map((x) => `${x.programme} ${x.amount_fen / 100}`).join(', ')}`,
      );
    }
  }
  console.log(
    `1. leavers: ${pt.leavers.length} pupils left the roll; ${still} still have a 2020-autumn line`,
  );
  for (const p of pt.people) {
    const l = linesOf(p.id, p.school.code);
    const names = [...new Set(l.map((x) => x.name))];
    console.log(
      `  ${p.school.stage === '高等教育' ? '2. 高校' : '3. name'} ${p.name} (${p.stageLabel}, 建档立卡, 寄宿): ${l.length ? l.map((x) => `${x.programme} ${x.amount_fen / 100} as 「${x.name}」`).join(', ') : 'no line'}${names.length && names[0] !== p.name ? '  ← NAME CHANGED' : ''}`,
    );
  }
  console.log(
    '  (POLICY.md lists for 高校: 国家助学金 3300元/年 average, 生源地信用助学贷款, 雨露计划 3000元/年, 建档立卡 yes)',
  );
}
