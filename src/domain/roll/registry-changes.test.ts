import { describe, expect, it } from 'vitest';
import { isCompulsoryAge } from '../dropout/age.ts';
import {
  idChangeText,
  registryIdChanges,
  registryIdChangesNotice,
  registryMoves,
  registryMovesNotice,
} from './registry-changes.ts';
import { massRemoval } from './registry-removal.ts';
import { diffRegistry, registryChangeDetail, registryChangeNotice } from './roll-diff.ts';

const p = (personNo: string, householdNo: string, name: string, idNumber: string | null, row?: number) => ({
  personNo,
  householdNo,
  name,
  idNumber,
  birthDate: null,
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
      '与所覆盖县(市、区)的上一版建档立卡名单相比，户和人员没有增减；另有 3 人分户或人编号变更（证件号码相同，不计为新增和移出）。请重新比对。',
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
    // Two on the new list give ID2.
    expect(registryMoves(before, [p('P92', 'H9', '张恒锦', ID2), p('P93', 'H9', '张恒涵', ID2)])).toEqual([]);
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
