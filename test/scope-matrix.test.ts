import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { AID_CARE_ONLY, AID_READ_REFUSED } from '../src/modules/aid/aid.access.ts';
import { UNENROLLED_ONLY } from '../src/modules/comparison/comparison.routes.ts';
import type { App } from '../src/server/http.ts';
import { ROLES, type Role } from '../src/server/roles.ts';
import {
  aidExtrasSnapshot,
  type ForeignAidExtras,
  seedForeignAidExtras,
} from './helpers/aid-extras-foreign.ts';
import { aidSnapshot, type ForeignAid, seedForeignAid } from './helpers/aid-foreign.ts';
import { addUser, login, seedMiniRegions, testApp } from './helpers/app.ts';
import {
  comparisonSnapshot,
  type ForeignComparison,
  seedForeignComparison,
} from './helpers/comparison-foreign.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';
import { dropoutSnapshot, type ForeignDropout, seedForeignDropout } from './helpers/dropout-foreign.ts';

/**
 * Every API route × every role: an account placed in 明溪县 (350421) must get 403/404 for
 * 清流县 (350423) records and never see them in a list. The route table below must classify
 * every route the app serves — a new route without a row fails this test, so nobody can add
 * scoped data without saying how its scope is proven.
 */
const FOREIGN_MARKERS = ['清流', '350423', '2135000002', 'ql-admin'];

type Case =
  | { kind: 'unscoped'; why: string }
  | { kind: 'list'; url: string }
  | { kind: 'item'; url: (f: Foreign) => string }
  | {
      kind: 'write';
      method: 'PATCH' | 'POST' | 'PUT' | 'DELETE';
      url: (f: Foreign) => string;
      payload?: unknown;
      raw?: { body: string; type: string };
    }
  | {
      /** Starts a job (202): the job must then fail or stay inside the actor's scope. */
      kind: 'job';
      url: (f: Foreign) => string;
      payload?: unknown;
      raw?: { body: string; type: string };
    };

interface Foreign {
  userId: number;
  schoolCode: string;
  regionCode: string;
  jobId: string;
  comparison: ForeignComparison;
  dropout: ForeignDropout;
  aidExtras: ForeignAidExtras;
  aid: ForeignAid;
}

const CASES: Record<string, Case> = {
  'POST /api/auth/login': { kind: 'unscoped', why: 'anonymous; tested in auth.test.ts' },
  'POST /api/auth/logout': { kind: 'unscoped', why: 'own session only' },
  'GET /api/auth/me': { kind: 'unscoped', why: 'own account only' },
  'POST /api/auth/password': { kind: 'unscoped', why: 'own account only' },
  'GET /api/roles': { kind: 'unscoped', why: 'static role list' },
  'GET /api/users': { kind: 'list', url: '/api/users' },
  'GET /api/users/:id': { kind: 'item', url: (f) => `/api/users/${f.userId}` },
  'POST /api/users': {
    kind: 'write',
    method: 'POST',
    url: () => '/api/users',
    payload: {
      username: 'intruder',
      displayName: 'x',
      role: 'county_aid_centre',
      scopeCode: '350423',
      password: 'abc12345',
    },
  },
  'PATCH /api/users/:id': {
    kind: 'write',
    method: 'PATCH',
    url: (f) => `/api/users/${f.userId}`,
    payload: { disabled: true },
  },
  'GET /api/regions': { kind: 'list', url: '/api/regions' },
  'GET /api/regions/:code': { kind: 'item', url: (f) => `/api/regions/${f.regionCode}` },
  'GET /api/schools': { kind: 'list', url: '/api/schools?pageSize=200' },
  'GET /api/schools/:code': { kind: 'item', url: (f) => `/api/schools/${f.schoolCode}` },
  'GET /api/schools/:code/transfers-out': {
    kind: 'item',
    url: (f) => `/api/schools/${f.schoolCode}/transfers-out`,
  },
  'PATCH /api/schools/:code': {
    kind: 'write',
    method: 'PATCH',
    url: (f) => `/api/schools/${f.schoolCode}`,
    payload: { name: '被篡改' },
  },
  'DELETE /api/schools/:code': {
    kind: 'write',
    method: 'DELETE',
    url: (f) => `/api/schools/${f.schoolCode}`,
  },
  'POST /api/schools/import': {
    kind: 'write',
    method: 'POST',
    url: () => '/api/schools/import?filename=s.csv',
    raw: {
      type: 'text/csv',
      body: '学校标识码,学校名称,县(市、区),乡(镇),学段,办学类型\n2135000002,被篡改学校,清流县,龙津镇,小学,公办\n',
    },
  },
  'GET /api/audit': { kind: 'list', url: '/api/audit?pageSize=200' },
  'POST /api/audit/verify': { kind: 'unscoped', why: 'returns chain status only, no entries' },
  'GET /api/jobs': { kind: 'list', url: '/api/jobs' },
  'GET /api/jobs/:id': { kind: 'item', url: (f) => `/api/jobs/${f.jobId}` },
  // 信息识别比对 and 一生一档 (工作要点 2): foreign records from test/helpers/comparison-foreign.ts.
  'POST /api/imports/:kind': {
    kind: 'job',
    url: () => '/api/imports/registry?filename=r.csv',
    raw: {
      type: 'application/octet-stream',
      body: '户编号,人编号,姓名,证件号码,县(市、区),乡(镇)\nH9,P9,清流新人,350423201005031234,清流县,龙津镇\n',
    },
  },
  'GET /api/imports': { kind: 'list', url: '/api/imports' },
  'GET /api/imports/template/:kind': { kind: 'unscoped', why: 'a blank template: column names only' },
  'GET /api/imports/report/:jobId': {
    kind: 'item',
    url: (f) => `/api/imports/report/${f.comparison.importJobId}`,
  },
  'POST /api/comparison/run': {
    kind: 'job',
    url: () => '/api/comparison/run',
    payload: { asOf: '2020-09-01' },
  },
  'GET /api/comparison/summary': { kind: 'list', url: '/api/comparison/summary' },
  'GET /api/comparison/results': { kind: 'list', url: '/api/comparison/results?list=review&pageSize=500' },
  'GET /api/comparison/export': { kind: 'list', url: '/api/comparison/export?list=unenrolled&format=csv' },
  'GET /api/comparison/review/:studentId': {
    kind: 'item',
    url: (f) => `/api/comparison/review/${f.comparison.studentId}`,
  },
  'POST /api/comparison/review/:studentId': {
    kind: 'write',
    method: 'POST',
    url: (f) => `/api/comparison/review/${f.comparison.studentId}`,
    payload: { personNo: 'P00000001', decision: 'confirm' },
  },
  'GET /api/comparison/link/:studentId': {
    kind: 'item',
    url: (f) => `/api/comparison/link/${f.comparison.studentId}?query=P00000001`,
  },
  'POST /api/comparison/link/:studentId': {
    kind: 'write',
    method: 'POST',
    url: (f) => `/api/comparison/link/${f.comparison.studentId}`,
    payload: { query: 'P00000001', note: '学校核实为同一人' },
  },
  'GET /api/persons': { kind: 'list', url: `/api/persons?q=${encodeURIComponent('清流生')}` },
  'GET /api/persons/:id': { kind: 'item', url: (f) => `/api/persons/${f.comparison.personId}` },
  'POST /api/persons/:id/unmask': {
    kind: 'write',
    method: 'POST',
    url: (f) => `/api/persons/${f.comparison.personId}/unmask`,
  },
  // 控辍保学 (工作要点 5): foreign records from test/helpers/dropout-foreign.ts.
  'GET /api/dropout/cases': { kind: 'list', url: '/api/dropout/cases?pageSize=500' },
  'GET /api/dropout/cases/:id': { kind: 'item', url: (f) => `/api/dropout/cases/${f.dropout.caseId}` },
  'GET /api/dropout/case-child': {
    kind: 'item',
    url: (f) => `/api/dropout/case-child?source=school&studentId=${f.dropout.studentId}`,
  },
  'GET /api/dropout/return-schools': {
    kind: 'unscoped',
    why: 'the 复学学校 choices: every school of the city by code, name, county and township only (a child returns to a school anywhere; no pupil data); the case stays in scope — dropout-return-school.test.ts',
  },
  'POST /api/dropout/cases': {
    kind: 'write',
    method: 'POST',
    url: () => '/api/dropout/cases',
    payload: {
      source: 'out_of_school',
      reason: 'other',
      // Read when the request is sent: the 清流县 child who has no case yet.
      get registryPersonId() {
        return foreign.dropout.otherRegistryPersonId;
      },
    },
  },
  'PATCH /api/dropout/cases/:id': {
    kind: 'write',
    method: 'PATCH',
    url: (f) => `/api/dropout/cases/${f.dropout.caseId}`,
    payload: { reason: 'early_marriage' },
  },
  'POST /api/dropout/cases/:id/status': {
    kind: 'write',
    method: 'POST',
    url: (f) => `/api/dropout/cases/${f.dropout.caseId}/status`,
    payload: { to: 'returned', returnDate: '2020-09-01', date: '2020-09-01' },
  },
  'POST /api/dropout/cases/:id/persuasions': {
    kind: 'write',
    method: 'POST',
    url: (f) => `/api/dropout/cases/${f.dropout.caseId}/persuasions`,
    payload: { date: '2020-09-01', persuader: '入侵者', method: 'phone', result: 'failed' },
  },
  'PUT /api/dropout/cases/:id/home-teaching': {
    kind: 'write',
    method: 'PUT',
    url: (f) => `/api/dropout/cases/${f.dropout.caseId}/home-teaching`,
    payload: { decisionDate: '2020-09-01', teacher: '入侵者', schedule: '每周', startDate: '2020-09-01' },
  },
  'POST /api/dropout/cases/:id/home-teaching/visits': {
    kind: 'write',
    method: 'POST',
    url: (f) => `/api/dropout/cases/${f.dropout.caseId}/home-teaching/visits`,
    payload: { date: '2020-09-01', teacher: '入侵者', content: 'x' },
  },
  'POST /api/dropout/cases/:id/reports': {
    kind: 'write',
    method: 'POST',
    url: (f) => `/api/dropout/cases/${f.dropout.caseId}/reports`,
    payload: { recipient: 'county' },
  },
  'GET /api/dropout/reports/:id/docx': {
    kind: 'item',
    url: (f) => `/api/dropout/reports/${f.dropout.reportId}/docx`,
  },
  'GET /api/persons/:id/dropout-cases': {
    kind: 'item',
    url: (f) => `/api/persons/${f.dropout.personId}/dropout-cases`,
  },
  'GET /api/dropout/out-of-school': { kind: 'list', url: '/api/dropout/out-of-school?pageSize=500' },
  'GET /api/dropout/out-of-school/unknown-age': {
    kind: 'list',
    url: '/api/dropout/out-of-school/unknown-age',
  },
  'GET /api/dropout/out-of-school/export': {
    kind: 'list',
    url: '/api/dropout/out-of-school/export?format=csv',
  },
  'GET /api/dropout/transfers': { kind: 'list', url: '/api/dropout/transfers' },
  'GET /api/dropout/dashboard': { kind: 'list', url: '/api/dropout/dashboard' },
  'GET /api/dropout/settings': {
    kind: 'unscoped',
    why: 'city-wide configuration (deadlines, N days), no personal data',
  },
  'PUT /api/dropout/settings': {
    kind: 'write',
    method: 'PUT',
    url: () => '/api/dropout/settings',
    payload: {
      deadlines: {
        suspected: 1,
        persuading: 1,
        reported: 1,
        returned: 1,
        home_teaching: null,
        special_education: 1,
      },
      transferDays: 1,
      homeTeachingVisitsPerMonth: 1,
      compulsoryAge: { min: 6, max: 15 },
    },
  },
  'GET /api/dropout/letters': { kind: 'list', url: '/api/dropout/letters?year=2020' },
  'POST /api/dropout/letters/issue': {
    kind: 'unscoped',
    why: 'issues letters only to parties inside the caller’s scope; dropout-support.test.ts proves 明溪县 issues none to 清流县',
  },
  'PATCH /api/dropout/letters/:id': {
    kind: 'write',
    method: 'PATCH',
    url: (f) => `/api/dropout/letters/${f.dropout.letterId}`,
    payload: { signed: true, signer: '入侵者' },
  },
  'POST /api/dropout/letters/:id/scan': {
    kind: 'write',
    method: 'POST',
    url: (f) => `/api/dropout/letters/${f.dropout.letterId}/scan`,
    raw: { type: 'application/pdf', body: '%PDF-1.4 forged' },
  },
  'GET /api/dropout/letters/:id/scan': {
    kind: 'item',
    url: (f) => `/api/dropout/letters/${f.dropout.letterId}/scan`,
  },
  // 学生资助 core (工作要点 1, 2, 6): foreign records from test/helpers/aid-foreign.ts.
  'GET /api/aid/meta': { kind: 'unscoped', why: 'static labels and codes' },
  'GET /api/aid/policies': {
    kind: 'unscoped',
    why: 'city-wide policy configuration, no personal data',
  },
  'GET /api/aid/policies/active': {
    kind: 'unscoped',
    why: 'city-wide policy configuration, no personal data',
  },
  'GET /api/aid/terms': {
    kind: 'unscoped',
    why: 'the terms to choose (from the date and the policy years), no personal data',
  },
  'GET /api/aid/policies/defaults': {
    kind: 'unscoped',
    why: 'the POLICY.md defaults, no personal data',
  },
  'GET /api/aid/policies/:id': {
    kind: 'unscoped',
    why: 'city-wide policy configuration, no personal data',
  },
  'POST /api/aid/policies': {
    kind: 'write',
    method: 'POST',
    url: () => '/api/aid/policies',
    payload: { year: 2020, config: {}, activate: true },
  },
  'PUT /api/aid/policies/:id': {
    kind: 'write',
    method: 'PUT',
    url: (f) => `/api/aid/policies/${f.aid.policyId}`,
    payload: { config: {} },
  },
  'POST /api/aid/policies/:id/activate': {
    kind: 'write',
    method: 'POST',
    url: (f) => `/api/aid/policies/${f.aid.policyId}/activate`,
  },
  'POST /api/aid/entitlements/run': {
    kind: 'unscoped',
    why: 'computes only inside the caller’s scope; aid-entitlements.test.ts proves a 明溪县 run leaves 清流县 lines untouched',
  },
  'GET /api/aid/entitlements/locked-lists': {
    kind: 'list',
    url: '/api/aid/entitlements/locked-lists?term=2020-autumn',
  },
  'GET /api/aid/entitlements/runs': { kind: 'list', url: '/api/aid/entitlements/runs' },
  'GET /api/aid/entitlements/runs/:id/changes': {
    kind: 'list',
    url: '/api/aid/entitlements/runs/1/changes',
  },
  'GET /api/aid/entitlements': {
    kind: 'list',
    url: '/api/aid/entitlements?term=2020-autumn&pageSize=500',
  },
  'GET /api/aid/coverage': { kind: 'list', url: '/api/aid/coverage?term=2020-autumn&level=school' },
  'GET /api/aid/coverage/students': {
    kind: 'list',
    url: '/api/aid/coverage/students?term=2020-autumn&pageSize=500',
  },
  'GET /api/aid/coverage/gaps': {
    kind: 'list',
    url: '/api/aid/coverage/gaps?term=2020-autumn&kind=without_aid&pageSize=500',
  },
  'GET /api/aid/coverage/export': {
    kind: 'list',
    url: '/api/aid/coverage/export?term=2020-autumn&format=csv',
  },
  'GET /api/aid/supervision-export': {
    kind: 'list',
    url: '/api/aid/supervision-export?term=2020-autumn&format=csv',
  },
  'GET /api/persons/:id/aid': { kind: 'item', url: (f) => `/api/persons/${f.aid.personId}/aid` },
  'GET /api/aid/payment-lists': { kind: 'list', url: '/api/aid/payment-lists?pageSize=500' },
  'GET /api/aid/payment-lists/:id': {
    kind: 'item',
    url: (f) => `/api/aid/payment-lists/${f.aid.listId}`,
  },
  'GET /api/aid/payment-lists/:id/checks': {
    kind: 'item',
    url: (f) => `/api/aid/payment-lists/${f.aid.listId}/checks`,
  },
  'GET /api/aid/payment-lists/:id/bank-file': {
    kind: 'item',
    url: (f) => `/api/aid/payment-lists/${f.aid.listId}/bank-file?format=csv`,
  },
  'POST /api/aid/payment-lists/generate': {
    kind: 'write',
    method: 'POST',
    url: () => '/api/aid/payment-lists/generate',
    payload: { programme: 'boarding_subsidy', term: '2020-autumn', schoolCode: '2135000002' },
  },
  'POST /api/aid/payment-lists/:id/lines': {
    kind: 'write',
    method: 'POST',
    url: (f) => `/api/aid/payment-lists/${f.aid.listId}/lines`,
    payload: {
      amountFen: 100,
      get studentId() {
        return foreign.aid.studentId;
      },
    },
  },
  'PATCH /api/aid/payment-lists/:id/lines/:lineId': {
    kind: 'write',
    method: 'PATCH',
    url: (f) => `/api/aid/payment-lists/${f.aid.listId}/lines/${f.aid.lineId}`,
    payload: { amountFen: 100 },
  },
  'DELETE /api/aid/payment-lists/:id/lines/:lineId': {
    kind: 'write',
    method: 'DELETE',
    url: (f) => `/api/aid/payment-lists/${f.aid.listId}/lines/${f.aid.lineId}`,
  },
  'POST /api/aid/payment-lists/:id/lines/:lineId/resend': {
    kind: 'write',
    method: 'POST',
    url: (f) => `/api/aid/payment-lists/${f.aid.listId}/lines/${f.aid.lineId}/resend`,
    payload: { reason: '入侵者重发' },
  },
  'POST /api/aid/payment-lists/:id/lines/:lineId/requeue': {
    kind: 'write',
    method: 'POST',
    url: (f) => `/api/aid/payment-lists/${f.aid.listId}/lines/${f.aid.lineId}/requeue`,
    payload: { reason: '入侵者转补发' },
  },
  'POST /api/aid/payment-lists/:id/submit': {
    kind: 'write',
    method: 'POST',
    url: (f) => `/api/aid/payment-lists/${f.aid.listId}/submit`,
  },
  'POST /api/aid/payment-lists/:id/return': {
    kind: 'write',
    method: 'POST',
    url: (f) => `/api/aid/payment-lists/${f.aid.listId}/return`,
    payload: { reason: '入侵者退回' },
  },
  'POST /api/aid/payment-lists/:id/approve': {
    kind: 'write',
    method: 'POST',
    url: (f) => `/api/aid/payment-lists/${f.aid.listId}/approve`,
  },
  'POST /api/aid/payment-lists/:id/bank-return': {
    kind: 'write',
    method: 'POST',
    url: (f) => `/api/aid/payment-lists/${f.aid.listId}/bank-return?filename=r.csv`,
    raw: { type: 'text/csv', body: '姓名,身份证号,金额,状态\n清流资助生,350423201001010011,600.00,成功\n' },
  },
  'GET /api/aid/recognitions': { kind: 'list', url: '/api/aid/recognitions?pageSize=500' },
  'GET /api/aid/recognitions/prefill/:id': {
    kind: 'item',
    url: (f) => `/api/aid/recognitions/prefill/${f.aid.studentId}`,
  },
  'GET /api/aid/recognitions/:id': {
    kind: 'item',
    url: (f) => `/api/aid/recognitions/${f.aid.recognitionId}`,
  },
  'POST /api/aid/recognitions': {
    kind: 'write',
    method: 'POST',
    url: () => '/api/aid/recognitions',
    payload: {
      schoolYear: 2021,
      reason: '入侵者申请',
      get studentId() {
        return foreign.aid.studentId;
      },
    },
  },
  'POST /api/aid/recognitions/:id/review': {
    kind: 'write',
    method: 'POST',
    url: (f) => `/api/aid/recognitions/${f.aid.recognitionId}/review`,
    payload: { tier: 'general', schoolReview: '入侵者评议' },
  },
  'POST /api/aid/recognitions/:id/reject': {
    kind: 'write',
    method: 'POST',
    url: (f) => `/api/aid/recognitions/${f.aid.recognitionId}/reject`,
    payload: { note: '入侵者驳回' },
  },
  'POST /api/aid/recognitions/confirm': {
    kind: 'write',
    method: 'POST',
    url: () => '/api/aid/recognitions/confirm',
    payload: {
      get ids() {
        return [foreign.aid.recognitionId];
      },
    },
  },
  'POST /api/aid/recognitions/archive': {
    kind: 'write',
    method: 'POST',
    url: () => '/api/aid/recognitions/archive',
    payload: {
      get ids() {
        return [foreign.aid.recognitionId];
      },
    },
  },
  'POST /api/aid/recognitions/:id/semester-review': {
    kind: 'write',
    method: 'POST',
    url: (f) => `/api/aid/recognitions/${f.aid.recognitionId}/semester-review`,
    payload: { semester: 'spring', result: 'revoke', note: '入侵者取消' },
  },
  'POST /api/aid/recognitions/:id/attachments': {
    kind: 'write',
    method: 'POST',
    url: (f) => `/api/aid/recognitions/${f.aid.recognitionId}/attachments`,
    raw: { type: 'application/pdf', body: '%PDF-1.4 forged' },
  },
  'GET /api/aid/attachments/:id': {
    kind: 'item',
    url: (f) => `/api/aid/attachments/${f.aid.attachmentId}`,
  },
  'GET /api/aid/notices': { kind: 'list', url: '/api/aid/notices' },
  'GET /api/aid/notices/:id': { kind: 'item', url: (f) => `/api/aid/notices/${f.aid.noticeId}` },
  'GET /api/aid/notices/:id/print': {
    kind: 'item',
    url: (f) => `/api/aid/notices/${f.aid.noticeId}/print`,
  },
  'GET /api/aid/notices/:id/xlsx': {
    kind: 'item',
    url: (f) => `/api/aid/notices/${f.aid.noticeId}/xlsx`,
  },
  'POST /api/aid/notices': {
    kind: 'write',
    method: 'POST',
    url: () => '/api/aid/notices',
    payload: { schoolCode: '2135000002', schoolYear: 2020, startsOn: '2020-09-07' },
  },
  'POST /api/aid/notices/:id/objections': {
    kind: 'write',
    method: 'POST',
    url: (f) => `/api/aid/notices/${f.aid.noticeId}/objections`,
    payload: { content: '入侵者异议', receivedOn: '2020-09-08' },
  },
  'POST /api/aid/objections/:id/resolve': {
    kind: 'write',
    method: 'POST',
    url: (f) => `/api/aid/objections/${f.aid.objectionId}/resolve`,
    payload: { outcome: 'upheld', resolution: '入侵者处理' },
  },
  // 学生资助 extras (工作要点 1, 2, 4): foreign records from test/helpers/aid-extras-foreign.ts.
  'GET /api/aid/extras-settings': {
    kind: 'unscoped',
    why: 'city-wide thresholds and ratios, no personal data',
  },
  'PUT /api/aid/extras-settings': {
    kind: 'write',
    method: 'PUT',
    url: () => '/api/aid/extras-settings',
    payload: {
      relief: { countyLimitFen: 100, maxFen: 200 },
      fund: {
        senior: { minBp: 1, maxBp: 2, defaultBp: 1 },
        vocational: { minBp: 1, maxBp: 2, defaultBp: 1 },
      },
    },
  },
  'GET /api/aid/relief': { kind: 'list', url: '/api/aid/relief?pageSize=500' },
  'POST /api/aid/relief': {
    kind: 'write',
    method: 'POST',
    url: () => '/api/aid/relief',
    payload: {
      amountFen: 100_000,
      reason: 'illness',
      description: '入侵者',
      get personId() {
        return foreign.aidExtras.personId;
      },
    },
  },
  'GET /api/aid/relief/:id': { kind: 'item', url: (f) => `/api/aid/relief/${f.aidExtras.reliefId}` },
  'POST /api/aid/relief/:id/approve': {
    kind: 'write',
    method: 'POST',
    url: (f) => `/api/aid/relief/${f.aidExtras.reliefId}/approve`,
    payload: { comment: '入侵者' },
  },
  'POST /api/aid/relief/:id/reject': {
    kind: 'write',
    method: 'POST',
    url: (f) => `/api/aid/relief/${f.aidExtras.reliefId}/reject`,
    payload: { comment: '入侵者' },
  },
  'POST /api/aid/relief/:id/pay': {
    kind: 'write',
    method: 'POST',
    url: (f) => `/api/aid/relief/${f.aidExtras.reliefId}/pay`,
    payload: { paidAt: '2020-09-01' },
  },
  'GET /api/persons/:id/relief': { kind: 'item', url: (f) => `/api/persons/${f.aidExtras.personId}/relief` },
  'GET /api/aid/fund/balances': { kind: 'list', url: '/api/aid/fund/balances?year=2020' },
  'GET /api/aid/fund/entries': { kind: 'list', url: '/api/aid/fund/entries?pageSize=500' },
  'POST /api/aid/fund/entries': {
    kind: 'write',
    method: 'POST',
    url: () => '/api/aid/fund/entries',
    payload: {
      schoolCode: '2135000002',
      year: 2020,
      kind: 'adjustment',
      entryDate: '2020-09-01',
      amountFen: -100,
      note: '入侵者',
    },
  },
  'GET /api/aid/care/pairings': { kind: 'list', url: '/api/aid/care/pairings?pageSize=500' },
  'POST /api/aid/care/pairings': {
    kind: 'write',
    method: 'POST',
    url: () => '/api/aid/care/pairings',
    payload: {
      programme: 'red_candle',
      teacherName: '入侵者',
      startDate: '2020-09-01',
      get studentId() {
        return foreign.aidExtras.unpairedStudentId;
      },
    },
  },
  'GET /api/aid/care/pairings/:id': {
    kind: 'item',
    url: (f) => `/api/aid/care/pairings/${f.aidExtras.pairingId}`,
  },
  'PATCH /api/aid/care/pairings/:id': {
    kind: 'write',
    method: 'PATCH',
    url: (f) => `/api/aid/care/pairings/${f.aidExtras.pairingId}`,
    payload: { teacherName: '入侵者' },
  },
  'POST /api/aid/care/pairings/:id/visits': {
    kind: 'write',
    method: 'POST',
    url: (f) => `/api/aid/care/pairings/${f.aidExtras.pairingId}/visits`,
    payload: { date: '2020-09-01', kind: 'talk', notes: '入侵者' },
  },
  'POST /api/aid/care/pairings/:id/unmask': {
    kind: 'write',
    method: 'POST',
    url: (f) => `/api/aid/care/pairings/${f.aidExtras.pairingId}/unmask`,
  },
  'GET /api/aid/care/eligible': { kind: 'list', url: '/api/aid/care/eligible?pageSize=500' },
  'GET /api/aid/students': { kind: 'list', url: '/api/aid/students?q=%E6%B8%85%E6%B5%81' },
  'GET /api/persons/:id/care': { kind: 'item', url: (f) => `/api/persons/${f.aidExtras.personId}/care` },
};

/** Where each role sits inside 明溪县. */
const PLACEMENT: Record<Role, { scopeCode?: string; schoolCode?: string }> = {
  city_admin: { scopeCode: '3504' },
  city_aid_centre: { scopeCode: '3504' },
  auditor: { scopeCode: '3504' },
  county_admin: { scopeCode: '350421' },
  county_aid_centre: { scopeCode: '350421' },
  teacher_section: { scopeCode: '350421' },
  township_official: { scopeCode: '350421100' },
  school_aid_officer: { schoolCode: '2135000001' },
  head_teacher: { schoolCode: '2135000001' },
};
const COUNTY_ROLES = ROLES.filter((r) => !PLACEMENT[r].scopeCode || PLACEMENT[r].scopeCode !== '3504');

let database: Database;
let app: App;
let foreign: Foreign;
const cookies = new Map<Role, string>();

async function snapshot() {
  const { db } = database;
  const [users, schools] = await Promise.all([
    db.selectFrom('app_user').select(['id', 'username', 'disabled', 'display_name']).orderBy('id').execute(),
    db.selectFrom('school').select(['code', 'name']).orderBy('code').execute(),
  ]);
  return JSON.stringify({
    users,
    schools,
    comparison: await comparisonSnapshot(db),
    dropout: await dropoutSnapshot(db),
    aidExtras: await aidExtrasSnapshot(db),
    aid: await aidSnapshot(db),
  });
}

beforeAll(async () => {
  database = await createTestDb();
  await seedMiniRegions(database);
  const userId = await addUser(database, 'ql-admin', 'county_admin', { scopeCode: '350423' });
  await database.db
    .insertInto('job')
    .values({
      id: '00000000-0000-4000-8000-0000000000aa',
      kind: 'import',
      status: 'succeeded',
      scope_code: '350423',
      params: '{}',
      message: '清流县导入',
    })
    .execute();
  foreign = {
    userId,
    schoolCode: '2135000002',
    regionCode: '350423',
    jobId: '00000000-0000-4000-8000-0000000000aa',
    comparison: await seedForeignComparison(database.db),
    dropout: await seedForeignDropout(database.db),
    aidExtras: await seedForeignAidExtras(database.db, userId),
    aid: await seedForeignAid(database.db),
  };
  for (const role of ROLES) await addUser(database, `r-${role.replace(/_/g, '-')}`, role, PLACEMENT[role]);
  app = await testApp(database);
  for (const role of ROLES) cookies.set(role, await login(app, `r-${role.replace(/_/g, '-')}`));
});
afterAll(async () => {
  await app.close();
  await database.close();
});

describe(`scope: every route × every role (${testDbKind})`, () => {
  it('classifies every API route the app serves', () => {
    const paths = (app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths;
    const served = Object.entries(paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const unclassified = served
      .filter((r) => r.startsWith('GET /api') || r.includes(' /api'))
      .filter((r) => !CASES[r]);
    expect(unclassified).toEqual([]);
  });

  for (const role of COUNTY_ROLES) {
    it(`${role} in 明溪县 never reaches 清流县 data`, async () => {
      const cookie = cookies.get(role)!;
      for (const [route, c] of Object.entries(CASES)) {
        if (c.kind === 'unscoped') continue;
        if (c.kind === 'list') {
          const res = await app.inject({ method: 'GET', url: c.url, headers: { cookie } });
          expect([200, 403], `${route} as ${role}`).toContain(res.statusCode);
          for (const m of FOREIGN_MARKERS)
            expect(res.body.includes(m), `${route} as ${role} leaked "${m}"`).toBe(false);
        } else if (c.kind === 'item') {
          const res = await app.inject({ method: 'GET', url: c.url(foreign), headers: { cookie } });
          expect([403, 404], `${route} as ${role}`).toContain(res.statusCode);
          for (const m of FOREIGN_MARKERS)
            expect(res.body.includes(m), `${route} as ${role} leaked "${m}"`).toBe(false);
        } else if (c.kind === 'job') {
          const before = await snapshot();
          const res = await app.inject({
            method: 'POST',
            url: c.url(foreign),
            headers: { cookie, ...(c.raw ? { 'content-type': c.raw.type } : {}) },
            ...(c.raw ? { payload: c.raw.body } : c.payload ? { payload: c.payload as object } : {}),
          });
          expect([202, 400, 403, 404], `${route} as ${role}: ${res.body}`).toContain(res.statusCode);
          if (res.statusCode === 202) await app.jobs.wait(res.json().jobId);
          expect(await snapshot(), `${route} as ${role} changed 清流县 data`).toBe(before);
        } else {
          const before = await snapshot();
          const res = await app.inject({
            method: c.method,
            url: c.url(foreign),
            headers: { cookie, ...(c.raw ? { 'content-type': c.raw.type } : {}) },
            ...(c.raw ? { payload: c.raw.body } : c.payload ? { payload: c.payload as object } : {}),
          });
          expect([400, 403, 404], `${route} as ${role}: ${res.body}`).toContain(res.statusCode);
          expect(await snapshot(), `${route} as ${role} changed data`).toBe(before);
        }
      }
    });
  }

  it('gives the 资金监管系统 export to the roles with business in aid funds only', async () => {
    const allowed: Record<Role, boolean> = {
      city_admin: true,
      city_aid_centre: true,
      county_admin: true,
      county_aid_centre: true,
      school_aid_officer: true,
      head_teacher: true,
      auditor: true,
      teacher_section: false,
      township_official: false,
    };
    for (const role of ROLES) {
      const res = await app.inject({
        method: 'GET',
        url: '/api/aid/supervision-export?term=2020-autumn&format=csv&unmask=false',
        headers: { cookie: cookies.get(role)! },
      });
      expect(res.statusCode, role).toBe(allowed[role] ? 200 : 403);
      if (!allowed[role])
        expect(res.json().error.message, role).toContain(
          // 乡镇干部 reads no 学生资助 record at all, 教师科 红烛暖心 only (next tests).
          role === 'township_official' ? AID_READ_REFUSED : AID_CARE_ONLY,
        );
    }
  });

  it('shows 乡镇干部 of 信息比对 only the school-age children in no roll and their count (testers v21b F8, v27b F6)', async () => {
    const cookie = cookies.get('township_official')!;
    const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie } });
    const summary = await get('/api/comparison/summary');
    expect(summary.statusCode).toBe(200);
    // No count of 建档立卡 pupils, reviews or ID problems, nor a run's statistics (its whole scope's).
    expect(Object.keys(summary.json().counts)).toEqual(['unenrolled']);
    if (summary.json().lastRun) expect(summary.json().lastRun).not.toHaveProperty('stats');
    expect((await get('/api/comparison/results?list=unenrolled')).statusCode).toBe(200);
    expect((await get('/api/comparison/export?list=unenrolled&format=xlsx')).statusCode).toBe(200);
    for (const list of ['linked', 'review', 'suspect', 'id_problems', 'unmatched']) {
      for (const url of [
        `/api/comparison/results?list=${list}`,
        `/api/comparison/export?list=${list}&format=xlsx`,
      ]) {
        const res = await get(url);
        expect(res.statusCode, url).toBe(403);
        expect(res.json().error.message, url).toBe(UNENROLLED_ONLY);
      }
    }
    for (const [method, url] of [
      ['GET', '/api/comparison/review/1'],
      ['POST', '/api/comparison/review/1'],
      ['GET', '/api/comparison/link/1?query=P1'],
      ['POST', '/api/comparison/link/1'],
    ] as const) {
      const res = await app.inject({
        method,
        url,
        headers: { cookie },
        ...(method === 'POST' ? { payload: {} } : {}),
      });
      expect(res.statusCode, url).toBe(403);
    }
    // A school's aid officer reads them all.
    const school = cookies.get('school_aid_officer')!;
    const res = await app.inject({
      method: 'GET',
      url: '/api/comparison/results?list=linked',
      headers: { cookie: school },
    });
    expect(res.statusCode).toBe(200);
  });

  it('gives 学生资助 records to every role but 乡镇干部 (the 新建个案 pupil picker only) and 教师科', async () => {
    // Every classified aid route with a request (the person file's aid, relief and care tabs too):
    // refused to the township official before scope or input is looked at, writes included.
    const aidRoute = /^[A-Z]+ \/api\/(aid\/|persons\/:id\/(aid|relief|care)$)/;
    const picker = 'GET /api/aid/students';
    const cookie = cookies.get('township_official')!;
    let refused = 0;
    for (const [route, c] of Object.entries(CASES)) {
      if (!aidRoute.test(route) || route === picker || c.kind === 'unscoped') continue;
      const res =
        c.kind === 'list'
          ? await app.inject({ method: 'GET', url: c.url, headers: { cookie } })
          : c.kind === 'item'
            ? await app.inject({ method: 'GET', url: c.url(foreign), headers: { cookie } })
            : await app.inject({
                method: c.kind === 'job' ? 'POST' : c.method,
                url: c.url(foreign),
                headers: { cookie, ...(c.raw ? { 'content-type': c.raw.type } : {}) },
                ...(c.raw ? { payload: c.raw.body } : c.payload ? { payload: c.payload as object } : {}),
              });
      expect(res.statusCode, route).toBe(403);
      expect(res.json().error.message, route).toBe(AID_READ_REFUSED);
      refused++;
    }
    expect(refused).toBeGreaterThan(50);
    // The unscoped aid reads (policy, labels, terms, settings) likewise.
    for (const url of ['/api/aid/meta', '/api/aid/terms', '/api/aid/policies', '/api/aid/extras-settings']) {
      const res = await app.inject({ method: 'GET', url, headers: { cookie } });
      expect(res.statusCode, url).toBe(403);
    }
    const pick = await app.inject({
      method: 'GET',
      url: '/api/aid/students?q=%E6%98%8E',
      headers: { cookie },
    });
    expect(pick.statusCode).toBe(200);
    // Every other role but 教师科 reads them (scope aside): its session says so, and the labels answer.
    for (const role of ROLES) {
      const me = await app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { cookie: cookies.get(role)! },
      });
      const reads = role !== 'township_official' && role !== 'teacher_section';
      expect(me.json().user.permissions.readAid, role).toBe(reads);
      expect(me.json().user.permissions.readCare, role).toBe(role !== 'township_official');
      const meta = await app.inject({
        method: 'GET',
        url: '/api/aid/meta',
        headers: { cookie: cookies.get(role)! },
      });
      expect(meta.statusCode, role).toBe(reads ? 200 : 403);
    }
  });

  // 教师科 (teacher data: 轮岗, 支教, 乡村教师补助) read every 学生资助 record of its scope; of them it
  // needs 红烛暖心 only — children paired with caring teachers, and the teachers' visits.
  const CARE_READS = [
    'GET /api/aid/care/pairings',
    'GET /api/aid/care/pairings/:id',
    'GET /api/persons/:id/care',
  ];
  const aidRoute = /^[A-Z]+ \/api\/(aid\/|persons\/:id\/(aid|relief|care)$)/;
  const send = (route: string, c: Case, cookie: string) =>
    c.kind === 'list'
      ? app.inject({ method: 'GET', url: c.url, headers: { cookie } })
      : c.kind === 'item'
        ? app.inject({ method: 'GET', url: c.url(foreign), headers: { cookie } })
        : c.kind === 'unscoped'
          ? app.inject({
              method: route.split(' ')[0] as 'GET',
              url: route.split(' ')[1]!,
              headers: { cookie },
            })
          : app.inject({
              method: c.kind === 'job' ? 'POST' : c.method,
              url: c.url(foreign),
              headers: { cookie, ...(c.raw ? { 'content-type': c.raw.type } : {}) },
              ...(c.raw ? { payload: c.raw.body } : c.payload ? { payload: c.payload as object } : {}),
            });

  it('gives 教师科 the 红烛暖心 reads only: every other aid route is refused, naming what it may read', async () => {
    const cookie = cookies.get('teacher_section')!;
    let refused = 0;
    for (const [route, c] of Object.entries(CASES)) {
      if (!aidRoute.test(route) || route === 'GET /api/aid/students') continue;
      if (c.kind === 'unscoped' && !route.startsWith('GET ')) continue;
      const before = await snapshot();
      const res = await send(route, c, cookie);
      if (CARE_READS.includes(route)) {
        // Past the guard: the 明溪县 list (200), 清流县's pairing and person out of scope (404).
        expect(res.statusCode, route).toBe(c.kind === 'list' ? 200 : 404);
        continue;
      }
      expect(res.statusCode, `${route}: ${res.body}`).toBe(403);
      expect(res.json().error.message, route).toBe(AID_CARE_ONLY);
      expect(await snapshot(), `${route} changed data`).toBe(before);
      refused++;
    }
    // Writes and the phone's unmasking, 待结对儿童 (who is poor and unpaired), the policy and labels.
    expect(refused).toBeGreaterThan(60);
    const pick = await app.inject({
      method: 'GET',
      url: '/api/aid/students?q=%E6%98%8E',
      headers: { cookie },
    });
    // Nor the 控辍保学 pupil picker (the roll of its scope): 教师科 opens no case.
    expect(pick.statusCode).toBe(403);
  });

  it('leaves the other roles’ 学生资助 reads as they were: no aid route refuses them as a role', async () => {
    for (const role of ROLES) {
      if (role === 'township_official' || role === 'teacher_section') continue;
      const cookie = cookies.get(role)!;
      for (const [route, c] of Object.entries(CASES)) {
        if (!aidRoute.test(route) || (c.kind !== 'list' && c.kind !== 'item')) continue;
        const res = await send(route, c, cookie);
        expect(res.statusCode, `${route} as ${role}: ${res.body}`).not.toBe(401);
        if (res.statusCode === 403)
          expect([AID_CARE_ONLY, AID_READ_REFUSED], `${route} as ${role}`).not.toContain(
            res.json().error.message,
          );
      }
      for (const route of CARE_READS) {
        const c = CASES[route]!;
        const res = await send(route, c, cookie);
        expect(res.statusCode, `${route} as ${role}`).toBe(
          c.kind === 'list' ? 200 : role.startsWith('city') || role === 'auditor' ? 200 : 404,
        );
      }
    }
  });

  it('the same requests by a city account do reach 清流县 (the check can fail)', async () => {
    const cookie = cookies.get('city_admin')!;
    const school = await app.inject({
      method: 'GET',
      url: `/api/schools/${foreign.schoolCode}`,
      headers: { cookie },
    });
    expect(school.statusCode).toBe(200);
    const list = await app.inject({ method: 'GET', url: '/api/schools?pageSize=200', headers: { cookie } });
    expect(list.body).toContain('清流');
    const users = await app.inject({ method: 'GET', url: '/api/users', headers: { cookie } });
    expect(users.body).toContain('ql-admin');
    const audit = await app.inject({
      method: 'GET',
      url: '/api/audit?pageSize=200',
      headers: { cookie: cookies.get('auditor')! },
    });
    expect(audit.body).toContain('350423');
    const job = await app.inject({ method: 'GET', url: `/api/jobs/${foreign.jobId}`, headers: { cookie } });
    expect(job.statusCode).toBe(200);
    const dropoutCase = await app.inject({
      method: 'GET',
      url: `/api/dropout/cases/${foreign.dropout.caseId}`,
      headers: { cookie },
    });
    expect(dropoutCase.statusCode).toBe(200);
    const caseChild = await app.inject({
      method: 'GET',
      url: `/api/dropout/case-child?source=school&studentId=${foreign.dropout.studentId}`,
      headers: { cookie },
    });
    expect(caseChild.json()).toMatchObject({ name: '清流转' });
    const oos = await app.inject({
      method: 'GET',
      url: '/api/dropout/out-of-school?pageSize=500',
      headers: { cookie },
    });
    expect(oos.body).toContain('清流妹');
    const letters = await app.inject({
      method: 'GET',
      url: '/api/dropout/letters?year=2020',
      headers: { cookie },
    });
    expect(letters.body).toContain('清流');
    const relief = await app.inject({
      method: 'GET',
      url: `/api/aid/relief/${foreign.aidExtras.reliefId}`,
      headers: { cookie },
    });
    expect(relief.statusCode).toBe(200);
    const eligible = await app.inject({
      method: 'GET',
      url: '/api/aid/care/eligible?pageSize=500',
      headers: { cookie },
    });
    expect(eligible.body).toContain('清流留守');
    const balances = await app.inject({
      method: 'GET',
      url: '/api/aid/fund/balances?year=2020',
      headers: { cookie },
    });
    expect(balances.body).toContain('2135000002');
    const gaps = await app.inject({
      method: 'GET',
      url: '/api/aid/coverage/gaps?term=2020-autumn&kind=without_aid&pageSize=500',
      headers: { cookie },
    });
    expect(gaps.body).toContain('清流无资助');
    // The 清流 list is found (only submitted, so no bank file yet), not hidden.
    const bankFile = await app.inject({
      method: 'GET',
      url: `/api/aid/payment-lists/${foreign.aid.listId}/bank-file?format=csv`,
      headers: { cookie },
    });
    expect(bankFile.statusCode).toBe(409);
  });
});
