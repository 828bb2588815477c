/**
 * The notices of a 建档立卡 (or 救助) list import — what the new list changes against the current one —
 * in English (left in Chinese until the twenty-eighth session). Names, 人编号, 户编号, masked IDs,
 * row numbers and counts are kept as the server gives them; only the frame and the small words
 * inside the named items are put into English. Each pattern is anchored at the notice's start and
 * its closing words, so a notice that only begins alike keeps its own words.
 */

export type Rule = [RegExp, (m: RegExpMatchArray) => string | null];

const MOVE_KINDS: Record<string, string> = {
  分户: 'household split',
  户编号变更: 'new 户编号',
  人编号变更: 'new 人编号',
};

/** The small words inside a notice's named items (moves, IDs, rows, households) in English. */
export function itemWords(s: string): string {
  return s
    .replace(/(分户|户编号变更|人编号变更)：人编号/g, (_, k: string) => `${MOVE_KINDS[k]}: 人编号`)
    .replace(/户编号 (\S+?) 不变/g, '户编号 $1 unchanged')
    .replace(/，姓名 /g, ', name ')
    .replace(/第([\d、]+)位不同/g, (_, at: string) => {
      const n = at.split('、');
      return `${n.length === 1 ? 'digit' : 'digits'} ${n.join(', ')} differ${n.length === 1 ? 's' : ''}`;
    })
    .replace(/（无效）/g, ' (invalid)')
    .replace(/(→ |^|：)空(?=；|（|$| →)/g, '$1empty')
    .replace(/未填/g, 'not filled')
    .replace(/户主 /g, 'head ')
    .replace(/(\d+) 人）/g, (_, n: string) => `${n} ${n === '1' ? 'person' : 'persons'})`)
    .replace(/，在读/g, ', enrolled')
    .replace(/第 (\d+) 行/g, 'row $1')
    .replace(/等 (\d+) (?:人|户|个)$/g, ' and others, $1 in all')
    .replace(/（/g, ' (')
    .replace(/）/g, ')')
    .replace(/：/g, ': ')
    .replace(/；/g, '; ')
    .replace(/、/g, ', ')
    .replace(/，/g, ', ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

const persons = (n: string) => (n === '1' ? '1 person' : `${n} persons`);
const households = (n: string) => (n === '1' ? '1 household' : `${n} households`);

const LIST_LABELS: Record<string, string> = {
  建档立卡名单: 'the 建档立卡 registry',
  救助名单: 'the assistance list',
  学生名册: 'the student roll',
};

/** “N 行（第3、5行等）” → “N rows (rows 3, 5, …)”. */
function rowsWords(n: string, at: string, more: string): string {
  return `${n} ${n === '1' ? 'row' : 'rows'} (${n === '1' ? 'row' : 'rows'} ${at.split('、').join(', ')}${more ? ', …' : ''})`;
}

export const REGISTRY_RULES: Rule[] = [
  [
    /^与所覆盖县\(市、区\)的上一版建档立卡名单相比，户和人员没有增减。$/,
    () =>
      'Against the previous 建档立卡 registry of the counties covered, no household or person was added or removed.',
  ],
  [
    /^与所覆盖县\(市、区\)的上一版建档立卡名单相比，户和人员没有增减；另有 (\d+) 人分户或人编号变更（[^）]*）。请重新比对。$/,
    (m) =>
      `Against the previous 建档立卡 registry of the counties covered, no household or person was added or removed; ${persons(m[1]!)} moved to another household or 人编号 (the same person, known by the ID number or, with the household, by name: neither added nor removed). Run the comparison again.`,
  ],
  [
    /^与所覆盖县\(市、区\)的上一版建档立卡名单相比：新增 (\d+) 户、(\d+) 人，移出 (\d+) 户、(\d+) 人(?:；另有 (\d+) 人分户或人编号变更（[^）]*）)?。请重新比对：/,
    (m) =>
      `Against the previous 建档立卡 registry of the counties covered: ${households(m[1]!)} and ${persons(m[2]!)} added, ${households(m[3]!)} and ${persons(m[4]!)} removed${
        m[5]
          ? `; besides, ${persons(m[5])} moved to another household or 人编号 (the same person: neither added nor removed)`
          : ''
      }. Run the comparison again: pupils of removed persons are no longer 建档立卡 pupils, and children of school age among the added are compared with the rolls.`,
  ],
  [
    /^脱贫状态变更 (\d+) 户、(\d+) 人：(.+?)。脱贫状态决定建档立卡学生是否继续享受资助/,
    (m) =>
      `脱贫状态 (poverty exit status) changed for ${households(m[1]!)} and ${persons(m[2]!)}: ${itemWords(m[3]!)}. The status decides whether a 建档立卡 pupil keeps the aid (“已脱贫(不享受政策)” no longer does): compute the entitlements again.`,
  ],
  [
    /^移出的户（(\d+) 户）：(.+?)。请核实这些户是否确已退出建档立卡/,
    (m) =>
      `Households removed (${m[1]}): ${itemWords(m[2]!)}. Check that these households really left the 建档立卡 registry (and were not left out of the export, or the wrong file chosen).`,
  ],
  [
    /^移出的在读学生和义务教育适龄儿童（(\d+) 人，年龄按 (\S+) 计）：(.+?)。重新比对后他们不再列为建档立卡学生/,
    (m) =>
      `Enrolled pupils and children of compulsory-education age removed (${m[1]}, ages as of ${m[2]}): ${itemWords(m[3]!)}. After the next comparison they are no longer 建档立卡 pupils nor on the out-of-school list; if they were removed by mistake, import the right list.`,
  ],
  [
    /^新增的义务教育适龄儿童（(\d+) 人，年龄按 (\S+) 计）：(.+?)。请重新比对，确认他们是否在读。$/,
    (m) =>
      `Children of compulsory-education age added (${m[1]}, ages as of ${m[2]}): ${itemWords(m[3]!)}. Run the comparison again to see whether they are at school.`,
  ],
  [
    /^分户或人编号变更的人员（(\d+) 人）：(.+?)。他们的证件号码与原名单相同(?:（其中 (\d+) 人证件号码为空或无效，与同户成员一同变更，按姓名认定）)?，仍是建档立卡人员/,
    (m) =>
      `Persons moved to another household or 人编号 (${m[1]}): ${itemWords(m[2]!)}. Their ID numbers are those of the previous list${
        m[3] ? ` (${m[3]} of them without a valid ID number: moved with the household, known by name)` : ''
      }: they stay 建档立卡 persons, neither removed nor added, and the next comparison lists them under their new 人编号.`,
  ],
  [
    /^人编号换人（(\d+) 个）：(.+?)。同一人编号在新名单中是另一个人/,
    (m) =>
      `人编号 given to another person (${m[1]}): ${[
        ...m[2]!.matchAll(/人编号 (\S+?) 原为(.+?)，新名单中为(.+?)(?=；人编号 |等 \d+ 个$|$)/g),
      ]
        .map((x) => `人编号 ${x[1]} was ${x[2]}, now ${x[3]}`)
        .join('; ')}${
        /等 (\d+) 个$/.test(m[2]!) ? ` and others, ${m[2]!.match(/等 (\d+) 个$/)![1]} in all` : ''
      }. The same 人编号 is another person in the new list (another name and ID number): the former holder counts as moved or removed, the new one as added, and their ID numbers and 脱贫状态 are not compared; please check.`,
  ],
  [
    /^证件号码变更（(\d+) 人，人编号不变）：(.+?)。信息比对按证件号码比对/,
    (m) =>
      `ID numbers changed under the same 人编号 (${m[1]}): ${itemWords(m[2]!)}. The comparison pairs by ID number, so its results for these persons may change (a confirmed pupil may become a possible match): run the comparison again and check them.`,
  ],
  [
    /^名单变更共 (\d+) 项（(.+)），导入报告（xlsx）的“名单变更”工作表逐人列出。$/,
    (m) =>
      `${m[1]} changes in all (${[
        ...m[2]!.matchAll(/(移出|分户|户编号变更|人编号变更|证件号码变更|脱贫状态变更|新增) (\d+) 人/g),
      ]
        .map(
          (x) =>
            `${{ 移出: 'removed', 分户: 'household split', 户编号变更: 'new 户编号', 人编号变更: 'new 人编号', 证件号码变更: 'ID number changed', 脱贫状态变更: '脱贫状态 changed', 新增: 'added' }[x[1]!]} ${x[2]}`,
        )
        .join(', ')}); the “名单变更” sheet of the import report (xlsx) lists each person.`,
  ],
  [
    /^(\d+) 人的姓名与系统中同一身份证号人员的一生一档姓名不同，且该人员有您管辖范围以外的记录：一生一档的姓名未改（(建档立卡名单|救助名单|学生名册)中的姓名按文件保存）/,
    (m) =>
      `${persons(m[1]!)}: the name differs from the 一生一档 of the person with the same ID number, who has records outside your area, so the 一生一档 name was kept (${LIST_LABELS[m[2]!]} keeps the file's name). Check these persons' ID numbers and names.`,
  ],
  [
    /^注意：(建档立卡名单|救助名单)中 (\d+) 行（第([\d、]+)行(等)?）的户编号、户主或所在地等户级信息为空，多为导出时合并了单元格，已按同户上一行补齐。/,
    (m) =>
      `Note: in ${LIST_LABELS[m[1]!]}, the household cells (户编号, 户主, place) of ${rowsWords(m[2]!, m[3]!, m[4] ?? '')} are empty — mostly merged cells of the export — and were filled from the row above in the same household. If a row is not of the household above, fill it in and import again.`,
  ],
  [
    /^注意：(建档立卡名单|救助名单|学生名册)中 (\d+) 行（第([\d、]+)行(等)?）的(.+)为空，多为导出时合并了单元格，已按上一行补齐。/,
    (m) =>
      `Note: in ${LIST_LABELS[m[1]!]}, ${m[5]!.split('、').join(', ')} of ${rowsWords(m[2]!, m[3]!, m[4] ?? '')} are empty — mostly merged cells of the export — and were filled from the row above. If that is wrong, fill them in and import again.`,
  ],
  [
    /^建档立卡名单按县\(市、区\)的完整名单导入，不在文件中的人员将移出名单，其子女不再列为建档立卡学生，可能失去资助。(.+?)(?:等 (\d+) 个县\(市、区\))?。如果这确是/,
    (m) => {
      const each = [
        ...m[1]!.matchAll(
          /([^；]+?)：现有 (\d+) 人，文件中 (\d+) 人，其中 (\d+) 人不在文件中，将移出建档立卡名单/g,
        ),
      ]
        .map(
          (x) =>
            `${x[1]}: ${x[2]} on the list, ${x[3]} in the file, ${x[4]} of them missing from the file would be removed`,
        )
        .join('; ');
      const more = m[2] ? ` (${m[2]} counties in all)` : '';
      return `A 建档立卡 registry is imported as each county's whole list: persons missing from the file are removed, and their children are no longer 建档立卡 pupils and may lose their aid. ${each}${more}. If this is the county's whole new list (after the yearly adjustment, say), confirm the removal below (on the command line, run again with --confirm-removal); if the file holds only some townships or a filtered list, export the whole list and import that. Nothing was written`;
    },
  ],
];
