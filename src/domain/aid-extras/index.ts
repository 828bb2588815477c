/** 学生资助 extras (工作要点 1, 2, 4): 应急救助, 学校资助基金, 红烛暖心 / 立德树人 — pure rules. */
export * from './care.ts';
export * from './fund.ts';
export * from './money.ts';
export * from './relief.ts';
