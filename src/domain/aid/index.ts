/** 学生资助 rules (工作要点 1, 2, 4, 6): pure, no I/O, no clock. */
export * from './calendar.ts';
export * from './coverage.ts';
export * from './entitlement-change.ts';
export * from './money.ts';
export * from './payment.ts';
export * from './policy.ts';
export * from './policy-check.ts';
export * from './recognition.ts';
export * from './rules.ts';
export * from './supervision.ts';
export * from './terms.ts';
