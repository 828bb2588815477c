/**
 * The guard on a 建档立卡 import that would empty a county's list (a partial export, a wrong filter
 * in the source system). A registry file replaces the current list of every 县(市、区) it has rows
 * of: persons of those counties missing from it are no longer current, so their children stop
 * being recognised as 建档立卡 and lose their aid. Pure: the caller loads and stores.
 */

/** A registry person as the guard reads it: 人编号 and the county (code) it is filed under. */
export interface RegistryPersonRef {
  personNo: string;
  countyCode: string;
}

/** A county whose current list a new file would mostly remove. */
export interface MassRemoval {
  countyCode: string;
  /** Persons of the county in the new file. */
  inFile: number;
  /** Current registry persons of the county. */
  current: number;
  /** Of those, how many the file would remove (their 人编号 is nowhere in the file, nor their ID under another). */
  removed: number;
}

/** Fewest persons a county must lose before the import waits: a small list's few changes never do. */
export const MASS_REMOVAL_MIN = 20;

/**
 * The counties of the file where it would remove more than half of the current persons and at
 * least `minRemoved` of them. Only counties the file has rows of count (the others are not
 * replaced); a person the file lists under another county stays on the registry and is not
 * removed, nor is one it lists under another 人编号 (`moved`: their 人编号 on the current list;
 * registry-changes.ts registryMoves — a county renumbered whole removes no one, tester v27b F3).
 * The yearly 动态调整 removes a few in a hundred, never more than half. A 人编号 the file gives to
 * another person (`reused`: registry-changes.ts reusedNumbers) does not keep its former holder,
 * unless moved (verifier v27d F2a).
 */
export function massRemoval(
  current: readonly RegistryPersonRef[],
  incoming: readonly RegistryPersonRef[],
  moved: ReadonlySet<string> = new Set(),
  minRemoved = MASS_REMOVAL_MIN,
  reused: ReadonlySet<string> = new Set(),
): MassRemoval[] {
  const listed = new Set([
    ...incoming.flatMap((p) => (reused.has(p.personNo) ? [] : [p.personNo])),
    ...moved,
  ]);
  const inFile = new Map<string, Set<string>>();
  for (const p of incoming) add(inFile, p);
  const now = new Map<string, Set<string>>();
  for (const p of current) if (inFile.has(p.countyCode)) add(now, p);
  const out: MassRemoval[] = [];
  for (const [countyCode, persons] of now) {
    let removed = 0;
    for (const personNo of persons) if (!listed.has(personNo)) removed++;
    if (removed >= minRemoved && removed * 2 > persons.size)
      out.push({ countyCode, inFile: inFile.get(countyCode)!.size, current: persons.size, removed });
  }
  return out.sort((a, b) => a.countyCode.localeCompare(b.countyCode));
}

function add(by: Map<string, Set<string>>, p: RegistryPersonRef): void {
  const set = by.get(p.countyCode);
  if (set) set.add(p.personNo);
  else by.set(p.countyCode, new Set([p.personNo]));
}

/** The CLI flag that confirms such an import. */
export const CONFIRM_REMOVAL_FLAG = '--confirm-removal';

/**
 * “明溪县：现有 120 人，文件中 10 人，其中 115 人不在文件中，将移出建档立卡名单” for each county
 * (at most five named), and what to do.
 */
export function massRemovalMessage(
  counties: readonly MassRemoval[],
  names: ReadonlyMap<string, string>,
): string {
  const each = counties
    .slice(0, 5)
    .map(
      (m) =>
        `${names.get(m.countyCode) ?? m.countyCode}：现有 ${m.current} 人，文件中 ${m.inFile} 人，其中 ${m.removed} 人不在文件中，将移出建档立卡名单`,
    )
    .join('；');
  const more = counties.length > 5 ? `等 ${counties.length} 个县(市、区)` : '';
  const which = counties.length > 1 ? '这些县(市、区)' : '该县(市、区)';
  return (
    `建档立卡名单按县(市、区)的完整名单导入，不在文件中的人员将移出名单，其子女不再列为建档立卡学生，可能失去资助。${each}${more}。` +
    `如果这确是${which}完整的新名单（如动态调整后的全县名单），请确认移出后导入（网页上点下方的确认按钮；命令行重新执行并加 ${CONFIRM_REMOVAL_FLAG}）；` +
    `如果文件只是部分乡镇或按条件筛选的名单，请导出${which}的完整名单后再导入。本次未写入任何数据`
  );
}
