import { describe, expect, it } from 'vitest';
import { isCompulsoryAge } from '../dropout/age.ts';
import {
  idChangeText,
  moveText,
  registryChangeLines,
  registryIdChanges,
  registryIdChangesNotice,
  registryMoves,
  registryMovesNotice,
  reusedNumbers,
  reusedNumbersNotice,
  reusedText,
} from './registry-changes.ts';
import { massRemoval } from './registry-removal.ts';
import { diffRegistry, exitStatusChanges, registryChangeDetail, registryChangeNotice } from './roll-diff.ts';

const p = (personNo: string, householdNo: string, name: string, idNumber: string | null, row?: number) => ({
  personNo,
  householdNo,
  name,
  idNumber,
  idRaw: idNumber,
  birthDate: null as string | null,
  headName: null,
  ...(row !== undefined && { row }),
});
const ID1 = '350421197306083861';
const ID2 = '350421201303285774';
const ID3 = '350421201303285782';
const ID4 = '35042119800715453X';

describe('registryMoves (persons a new 建档立卡 list keeps under another 人编号 — tester v27b F3)', () => {
  const before = [
    p('P11', 'H1', '张父', ID4),
    p('P12', 'H1', '陈红桂', ID1),
    p('P13', 'H1', '张恒锦', ID2),
    p('P21', 'H2', '林父', ID3),
  ];
  it('pairs a 人编号 gone with a new one by their ID, and tells a split, a new 户编号 and a new 人编号 apart', () => {
    const after = [
      p('P11', 'H1', '张父', ID4, 2),
      p('P91', 'H9', '陈红桂', ID1, 3),
      p('P15', 'H1', '张恒锦', ID2, 4),
      p('P81', 'H8', '林父', ID3, 5),
    ];
    const moves = registryMoves(before, after);
    expect(moves).toEqual([
      {
        kind: 'split',
        name: '陈红桂',
        from: { personNo: 'P12', householdNo: 'H1' },
        to: { personNo: 'P91', householdNo: 'H9', row: 3 },
      },
      {
        kind: 'personNo',
        name: '张恒锦',
        from: { personNo: 'P13', householdNo: 'H1' },
        to: { personNo: 'P15', householdNo: 'H1', row: 4 },
      },
      {
        kind: 'household',
        name: '林父',
        from: { personNo: 'P21', householdNo: 'H2' },
        to: { personNo: 'P81', householdNo: 'H8', row: 5 },
      },
    ]);
    expect(registryMovesNotice(moves)).toBe(
      '分户或人编号变更的人员（3 人）：陈红桂（分户：人编号 P12 → P91，户编号 H1 → H9）、张恒锦（人编号变更：人编号 P13 → P15，户编号 H1 不变）、林父（户编号变更：人编号 P21 → P81，户编号 H2 → H8）。他们的证件号码与原名单相同，仍是建档立卡人员，不计为移出和新增；重新比对后按新的人编号列出。',
    );
    // Nobody added or removed: H2 renumbered whole is no household gone, H8 none new; H9, split off, neither.
    const change = diffRegistry(before, after, moves);
    expect(change).toEqual({
      householdsAdded: 0,
      householdsRemoved: 0,
      personsAdded: 0,
      personsRemoved: 0,
      personsMoved: 3,
    });
    expect(registryChangeNotice(change, false)).toBe(
      '与所覆盖县(市、区)的上一版建档立卡名单相比，户和人员没有增减；另有 3 人分户或人编号变更（同一人，按证件号码或随户按姓名认定，不计为新增和移出）。请重新比对。',
    );
    const detail = registryChangeDetail(
      before.map((x) => ({ ...x, birthDate: '2013-03-28' })),
      after.map((x) => ({ ...x, birthDate: '2013-03-28' })),
      '2021-09-01',
      (born, day) => isCompulsoryAge(born, day),
      moves,
    );
    expect(detail).toEqual({ removedHouseholds: [], removedChildren: [], addedChildren: [] });
    // Nor does the removal guard count them.
    const county = (xs: Array<{ personNo: string }>) =>
      xs.map((x) => ({ personNo: x.personNo, countyCode: '350421' }));
    expect(massRemoval(county(before), county(after), new Set(moves.map((m) => m.from.personNo)), 1)).toEqual(
      [],
    );
    expect(massRemoval(county(before), county(after), new Set(), 1)).toHaveLength(1);
  });

  it('pairs no one by a missing ID, an ID two persons hold on either list, or an ID under a name unlike', () => {
    // Two on the current list held ID1 (one registered twice): neither is told from the other.
    const twice = [...before, p('P14', 'H1', '陈红桂', ID1)];
    expect(registryMoves(twice, [p('P91', 'H9', '陈红桂', ID1)])).toEqual([]);
    // Two on the new list give ID2 under her name (one under another name pairs: verifier v27d F2b).
    expect(registryMoves(before, [p('P92', 'H9', '张恒锦', ID2), p('P93', 'H9', '张恒锦', ID2)])).toEqual([]);
    // No trusted ID on either side (the import gives null for an Excel-damaged or invalid one).
    expect(registryMoves([p('P1', 'H1', '王一', null)], [p('P2', 'H2', '王一', null)])).toEqual([]);
    // The same ID under a name that shares no character: two persons, one of them mistyped.
    expect(registryMoves(before, [p('P81', 'H8', '何秀英', ID3)])).toEqual([]);
    // A person still under their 人编号 is no move, whoever else gives the ID.
    expect(registryMoves(before, [p('P21', 'H2', '林父', ID3), p('P99', 'H9', '林父', ID3)])).toEqual([]);
  });
});

describe('registryIdChanges (an ID changed under a kept 人编号 — tester v27b F4)', () => {
  const q = (personNo: string, idNumber: string | null, idRaw: string | null) => ({
    personNo,
    householdNo: 'H1',
    name: `林${personNo}`,
    idNumber,
    idRaw,
  });
  it('lists a corrected, lost or first given ID, masked, and not a cell that never held a trusted one', () => {
    const corrected = '350421201104202681';
    const before = [
      q('P1', ID2, ID2),
      q('P2', ID3, ID3),
      q('P3', null, null),
      q('P4', null, '3.50421E+17'),
      q('P5', ID4, ID4),
    ];
    const after = [
      q('P1', ID2, ` ${ID2} `),
      q('P2', corrected, corrected),
      q('P3', ID1, ID1),
      q('P4', null, '350421201104202682'),
      q('P5', null, null),
      q('P6', ID1, ID1),
    ];
    const changes = registryIdChanges(before, after);
    expect(changes.map((c) => [c.personNo, idChangeText(c)])).toEqual([
      // (Differing in more than three places: the masks tell them apart, no positions said.)
      ['P2', '350421***********2 → 350421***********1'],
      ['P3', '空 → 350421***********1'],
      ['P5', '350421***********X → 空'],
    ]);
    expect(registryIdChangesNotice([])).toBeNull();
    // One digit corrected: the masks read alike, the positions are said.
    const [typo] = registryIdChanges([q('P1', ID2, ID2)], [q('P1', '350421201303285766', null)]);
    expect(idChangeText(typo!)).toBe('350421***********4 → 350421***********6（第17、18位不同）');
  });
});

describe('a 人编号 the new list gives to another person (verifier v27d F2a)', () => {
  const ZHAO = '350421201305061234'.slice(0, 17);
  const v = (body: string) => {
    // A valid ID for a 17-digit body (the check character computed as GB 11643 does).
    const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const sum = [...body].reduce((s, c, i) => s + Number(c) * w[i]!, 0);
    return body + '10X98765432'[sum % 11];
  };
  const CHENWEN = v(ZHAO);
  const XINYU = v('35042120140708123');
  const HANHAN = v('35042120120303456');
  const XIAOYU = v('35042120150909111');
  const LINCHEN = v('35042120110101222');
  const HEXIU = v('35042120110101333');
  const before = [
    p('P11', 'H1', '赵父', ID4),
    p('P12', 'H1', '赵晨文', CHENWEN),
    p('P21', 'H2', '朱父', ID1),
    p('P22', 'H2', '朱涵涵', HANHAN),
    p('P31', 'H3', '林晨', LINCHEN),
    p('P41', 'H4', '张恒锦', ID2),
  ];
  const after = [
    p('P11', 'H1', '赵父', ID4, 2),
    p('P12', 'H1', '赵新宇', XINYU, 3),
    p('P91', 'H9', '赵晨文', CHENWEN, 4),
    p('P21', 'H2', '朱父', ID1, 5),
    p('P22', 'H2', '朱小雨', XIAOYU, 6),
    p('P81', 'H8', '朱涵涵', HANHAN, 7),
    // Another person, names sharing no character: the former holder is off the list.
    p('P31', 'H3', '何秀英', HEXIU, 8),
    // The same name, a corrected ID: the same person (an ID change, as before).
    p('P41', 'H4', '张恒锦', ID3, 9),
  ];
  it('is its former holder leaving (moved or removed) and its new holder coming, not an ID corrected', () => {
    const reused = reusedNumbers(before, after);
    expect(reused.map(reusedText)).toEqual([
      '人编号 P12 原为赵晨文，新名单中为赵新宇',
      '人编号 P22 原为朱涵涵，新名单中为朱小雨',
      '人编号 P31 原为林晨，新名单中为何秀英',
    ]);
    const moves = registryMoves(before, after, reused);
    expect(moves.map((m) => [m.name, moveText(m)])).toEqual([
      ['赵晨文', '分户：人编号 P12 → P91，户编号 H1 → H9'],
      ['朱涵涵', '分户：人编号 P22 → P81，户编号 H2 → H8'],
    ]);
    // 赵新宇, 朱小雨 and 何秀英 added, 林晨 removed; H9 and H8 hold moved persons only.
    expect(diffRegistry(before, after, moves, reused)).toEqual({
      householdsAdded: 0,
      householdsRemoved: 0,
      personsAdded: 3,
      personsRemoved: 1,
      personsMoved: 2,
    });
    expect(registryIdChanges(before, after, reused).map((c) => c.personNo)).toEqual(['P41']);
    const status = (xs: typeof before) => xs.map((x) => ({ ...x, exitStatus: '未脱贫' }));
    expect(
      exitStatusChanges(
        status(before),
        status(after).map((x) => (x.personNo === 'P12' ? { ...x, exitStatus: '已脱贫(享受政策)' } : x)),
        moves,
        reused,
      ),
    ).toEqual([]);
    const detail = registryChangeDetail(
      before.map((x) => ({ ...x, birthDate: '2013-03-28' })),
      after.map((x) => ({ ...x, birthDate: '2013-03-28' })),
      '2021-09-01',
      (born, day) => isCompulsoryAge(born, day),
      moves,
      reused,
    );
    expect(detail.removedChildren.map((x) => x.name)).toEqual(['林晨']);
    expect(detail.addedChildren.map((x) => x.name)).toEqual(['赵新宇', '朱小雨', '何秀英']);
    expect(detail.removedHouseholds).toEqual([]);
    const county = (xs: Array<{ personNo: string }>) =>
      xs.map((x) => ({ personNo: x.personNo, countyCode: '350421' }));
    const moved = new Set(moves.map((m) => m.from.personNo));
    const given = new Set(reused.map((r) => r.personNo));
    // 林晨's number is in the file, given to 何秀英: she is removed all the same.
    const lin = county(before.filter((x) => x.personNo === 'P31'));
    expect(massRemoval(lin, county(after), moved, 1, given)).toEqual([
      { countyCode: '350421', inFile: 8, current: 1, removed: 1 },
    ]);
    expect(massRemoval(lin, county(after), moved, 1)).toEqual([]);
    const lines = registryChangeLines({
      before,
      after,
      moves,
      idChanges: registryIdChanges(before, after, reused),
      statuses: [],
      reused,
    });
    expect(lines.map((l) => [l.change, l.name, l.detail])).toEqual([
      ['移出', '林晨', '不在新名单中；人编号 P31 原为林晨，新名单中为何秀英'],
      [
        '分户',
        '赵晨文',
        '分户：人编号 P12 → P91，户编号 H1 → H9（证件号码相同）；人编号 P12 原为赵晨文，新名单中为赵新宇',
      ],
      [
        '分户',
        '朱涵涵',
        '分户：人编号 P22 → P81，户编号 H2 → H8（证件号码相同）；人编号 P22 原为朱涵涵，新名单中为朱小雨',
      ],
      ['证件号码变更', '张恒锦', idChangeText(registryIdChanges(before, after)[3]!)],
      ['新增', '赵新宇', '新列入名单；人编号 P12 原为赵晨文，新名单中为赵新宇'],
      ['新增', '朱小雨', '新列入名单；人编号 P22 原为朱涵涵，新名单中为朱小雨'],
      ['新增', '何秀英', '新列入名单；人编号 P31 原为林晨，新名单中为何秀英'],
    ]);
    expect(reusedNumbersNotice(reused)).toContain(
      '人编号换人（3 个）：人编号 P12 原为赵晨文，新名单中为赵新宇；',
    );
  });

  it('tells a number given to another child of the family whose holder left the list (verifier v27e F1)', () => {
    // 朱涵涵 is off the new list; her number goes to 朱大雨: another valid ID born on another day.
    const han = '350421201104046' + '546';
    const yu = '350421201506061' + '234';
    const reused = reusedNumbers([p('P22', 'H2', '朱涵涵', han)], [p('P22', 'H2', '朱大雨', yu)]);
    expect(reused.map(reusedText)).toEqual(['人编号 P22 原为朱涵涵，新名单中为朱大雨']);
    expect(
      registryIdChanges([p('P22', 'H2', '朱涵涵', han)], [p('P22', 'H2', '朱大雨', yu)], reused),
    ).toEqual([]);
    // The same birth date: an ID corrected under a changed name stays one.
    expect(
      reusedNumbers([p('P22', 'H2', '朱涵涵', han)], [p('P22', 'H2', '朱小涵', `${han.slice(0, 14)}9999`)]),
    ).toEqual([]);
  });

  it('tells a number given to a sibling of a two-character name (王丽 → 王强: verifier t28d N3)', () => {
    // 王丽 moves to P3 with her ID; her number P2 goes to her brother 王强, another ID and birth date.
    const li = '350421201104046' + '546';
    const qiang = '350421201506061' + '234';
    const reused = reusedNumbers(
      [p('P2', 'H1', '王丽', li)],
      [p('P2', 'H1', '王强', qiang), p('P3', 'H1', '王丽', li)],
    );
    expect(reused.map(reusedText)).toEqual(['人编号 P2 原为王丽，新名单中为王强']);
    // A one-character slip in a two-character name with the same birth date stays an ID corrected.
    expect(
      reusedNumbers([p('P2', 'H1', '王丽', li)], [p('P2', 'H1', '王莉', `${li.slice(0, 14)}9999`)]),
    ).toEqual([]);
  });

  it('stays an ID corrected under a like name, and tells nothing between two rows without an ID', () => {
    // 蔡宇航 → 蔡雨航 with another ID; the former ID nowhere else.
    expect(reusedNumbers([p('P1', 'H1', '蔡宇航', ID2)], [p('P1', 'H1', '蔡雨航', ID3)])).toEqual([]);
    // The former holder's ID elsewhere, but the number's new name one character off: not told apart.
    expect(
      reusedNumbers(
        [p('P1', 'H1', '赵晨文', ID2)],
        [p('P1', 'H1', '赵晨闻', ID3), p('P9', 'H9', '赵晨文', ID2)],
      ),
    ).toEqual([]);
    expect(reusedNumbers([p('P1', 'H1', '王一', null)], [p('P1', 'H1', '李二', null)])).toEqual([]);
    // A valid ID against none, names wholly other: another person.
    expect(reusedNumbers([p('P1', 'H1', '王一', ID2)], [p('P1', 'H1', '李二', null)])).toHaveLength(1);
  });
});

describe('an ID two rows carry (verifier v27d F2b)', () => {
  it('pairs the only one leaving and the only one coming with it under one name', () => {
    const before = [p('P1', 'H1', '钟美芳', ID1), p('P2', 'H1', '崔梓', ID2)];
    const after = [
      p('P8', 'H8', '钟美芳', ID1, 2),
      p('P9', 'H8', '崔梓', ID2, 3),
      p('P7', 'H7', '崔小梓', ID2, 4),
    ];
    const moves = registryMoves(before, after);
    expect(moves.map((m) => [m.name, m.from.personNo, m.to.personNo])).toEqual([
      ['钟美芳', 'P1', 'P8'],
      ['崔梓', 'P2', 'P9'],
    ]);
    // H1 renumbered whole: no household gone; 崔小梓's H7 new.
    expect(diffRegistry(before, after, moves)).toEqual({
      householdsAdded: 1,
      householdsRemoved: 0,
      personsAdded: 1,
      personsRemoved: 0,
      personsMoved: 2,
    });
    const detail = registryChangeDetail(
      before.map((x) => ({ ...x, birthDate: '2013-03-28' })),
      after.map((x) => ({ ...x, birthDate: '2013-03-28' })),
      '2021-09-01',
      (born, day) => isCompulsoryAge(born, day),
      moves,
    );
    expect(detail.removedHouseholds).toEqual([]);
    expect(detail.removedChildren).toEqual([]);
    // Two coming under the one name: no one told apart.
    expect(
      registryMoves([p('P2', 'H1', '崔梓', ID2)], [p('P9', 'H8', '崔梓', ID2), p('P7', 'H7', '崔梓', ID2)]),
    ).toEqual([]);
  });
});

describe('a person without a trusted ID whose household moved (verifier v27d F2c)', () => {
  const q = (
    personNo: string,
    householdNo: string,
    name: string,
    idRaw: string | null,
    birthDate: string | null,
    row?: number,
  ) => ({
    ...p(personNo, householdNo, name, null, row),
    idRaw,
    birthDate,
  });
  it('pairs them by name (and birth date) in the household their members moved to by ID', () => {
    const before = [
      p('P11', 'H1', '邓成', ID1),
      q('P12', 'H1', '邓轩天', null, '2013-03-28'),
      p('P21', 'H2', '谢华伟', ID4),
      q('P22', 'H2', '谢阳', '3.50421E+17', '2012-01-01'),
      q('P23', 'H2', '谢月', null, null),
      q('P31', 'H3', '林晨翔', null, null),
    ];
    const after = [
      p('P51', 'H5', '邓成', ID1, 2),
      q('P52', 'H5', '邓轩天', null, '2013-03-28', 3),
      p('P61', 'H6', '谢华伟', ID4, 4),
      // The birth date differs: another child.
      q('P62', 'H6', '谢阳', '3.50421E+17', '2014-01-01', 5),
      q('P63', 'H6', '谢月', null, '2015-05-05', 6),
      // No member of H3 moved by ID: nothing tells H3 went to H7.
      q('P71', 'H7', '林晨翔', null, null, 7),
    ];
    const moves = registryMoves(before, after);
    expect(moves.map((m) => [m.name, m.from.personNo, m.to.personNo, m.withHousehold !== undefined])).toEqual(
      [
        ['邓成', 'P11', 'P51', false],
        ['邓轩天', 'P12', 'P52', true],
        ['谢华伟', 'P21', 'P61', false],
        ['谢月', 'P23', 'P63', true],
      ],
    );
    expect(diffRegistry(before, after, moves)).toMatchObject({ personsRemoved: 2, personsAdded: 2 });
    const lines = registryChangeLines({ before, after, moves, idChanges: [], statuses: [] });
    expect(lines.find((l) => l.name === '邓轩天')?.detail).toBe(
      '户编号变更：人编号 P12 → P52，户编号 H1 → H5（证件号码 空 → 空，同户成员按证件号码随户变更，本人按姓名认定）',
    );
    expect(registryMovesNotice(moves)).toContain(
      '（其中 2 人证件号码为空或无效，与同户成员一同变更，按姓名认定）',
    );
  });
});

describe('the one left of a household that moved, renamed on the way (verifier v27e F2)', () => {
  const q = (personNo: string, householdNo: string, name: string, birthDate: string | null) => ({
    ...p(personNo, householdNo, name, null),
    birthDate,
  });
  it('pairs the one left and the one come of one surname, not another day’s child nor another surname', () => {
    const before = [p('P11', 'H1', '邓成', ID1), q('P12', 'H1', '邓轩天', '2013-03-28')];
    const moves = registryMoves(before, [p('P51', 'H5', '邓成', ID1), q('P52', 'H5', '邓轩', '2013-03-28')]);
    expect(moves.map((m) => [m.from.personNo, m.to.personNo, m.formerName])).toEqual([
      ['P11', 'P51', undefined],
      ['P12', 'P52', '邓轩天'],
    ]);
    expect(
      diffRegistry(before, [p('P51', 'H5', '邓成', ID1), q('P52', 'H5', '邓轩', '2013-03-28')], moves),
    ).toMatchObject({ householdsRemoved: 0, householdsAdded: 0, personsRemoved: 0, personsAdded: 0 });
    for (const other of [q('P52', 'H5', '邓轩', '2015-01-01'), q('P52', 'H5', '林轩', '2013-03-28')])
      expect(registryMoves(before, [p('P51', 'H5', '邓成', ID1), other]).map((m) => m.to.personNo)).toEqual([
        'P51',
      ]);
  });
});

describe('a child whose ID the list corrects as the household moves (verifier v27e F3)', () => {
  it('is moved with the household, the ID change said, neither removed nor added', () => {
    const kid = (personNo: string, householdNo: string, id: string) => ({
      ...p(personNo, householdNo, '张彬', id),
      birthDate: '2013-03-28',
    });
    const before = [p('P11', 'H1', '张母', ID1), kid('P12', 'H1', ID2)];
    const after = [p('P91', 'H9', '张母', ID1), kid('P92', 'H9', ID3)];
    const moves = registryMoves(before, after);
    expect(moves.map((m) => [m.from.personNo, m.to.personNo])).toEqual([
      ['P11', 'P91'],
      ['P12', 'P92'],
    ]);
    expect(diffRegistry(before, after, moves)).toMatchObject({ personsRemoved: 0, personsAdded: 0 });
    expect(moveText(moves[1]!)).toContain('户编号 H1 → H9');
  });
});

describe('a person renumbered under another name (verifier v27d F2d)', () => {
  it('says the name changed too', () => {
    const [m] = registryMoves([p('P14', 'H1', '张涵', ID2)], [p('P93', 'H9', '张恒涵', ID2, 3)]);
    expect(moveText(m!)).toBe('户编号变更：人编号 P14 → P93，户编号 H1 → H9，姓名 张涵 → 张恒涵');
  });
});
