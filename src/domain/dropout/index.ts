/** 控辍保学 (工作要点 5) rules: case statuses, deadlines, ages, transfers, persuasion, home teaching. */
export * from './age.ts';
export * from './case-status.ts';
export * from './dates.ts';
export * from './deadlines.ts';
export * from './home-teaching.ts';
export * from './persuasion.ts';
export * from './settings.ts';
export * from './transfer.ts';
export * from './vocabulary.ts';
