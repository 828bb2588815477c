/** 控辍保学 (工作要点 5): every HTTP route of the module, registered by src/server/app.ts. */
import type { App } from '../../server/http.ts';
import { guardPupilRecords } from '../persons/persons.access.ts';
import { caseRoutes } from './cases.routes.ts';
import { letterRoutes } from './letters.routes.ts';
import { listRoutes } from './lists.routes.ts';

/** Cases, lists, dashboard, settings and responsibility letters. */
export async function dropoutRoutes(app: App): Promise<void> {
  // Out-of-school children and their cases: not for 教师科 (persons.access.ts); the hook covers the
  // three plugins below.
  guardPupilRecords(app);
  await app.register(caseRoutes);
  await app.register(listRoutes);
  await app.register(letterRoutes);
}
