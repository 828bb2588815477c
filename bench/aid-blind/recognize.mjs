#!/usr/bin/env node
// Drives 家庭经济困难学生认定 (recognition) through the app's JSON API for the students that truth.json
// gives a recognition plan: confirmed / archived (should count), applied / school_reviewed / in_notice /
// rejected / revoked (should not count in 2020 autumn).
// A 公示 cannot start before the server's today, so the run has two steps on two days (run.sh restarts
// the server with a later JIAOFU_TODAY between them): `--step notice` applies, reviews and opens each
// school's 公示 on the day; `--step decide`, once the notice period is over, confirms, archives and
// revokes, then drives the other plans (a 公示 still running, rejected, …) and reads the statuses back.
// Usage: node bench/aid-blind/recognize.mjs --step notice|decide --base http://localhost:3917 --truth /tmp/aidblind/data/truth.json
import fs from 'node:fs';

const args = Object.fromEntries(
  process.argv.slice(2).flatMap((a, i, arr) => (a.startsWith('--') ? [[a.slice(2), arr[i + 1]]] : [])),
);
const BASE = args.base ?? 'http://localhost:3917';
const TRUTH = args.truth ?? '/tmp/aidblind/data/truth.json';
const OUT = args.out ?? TRUTH.replace(/truth\.json$/, 'recognitions.json');
const ADMIN_PW = process.env.JIAOFU_DEMO_PASSWORD ?? 'jiaofu2020';
const PW = 'Aidblind-2020!';
const YEAR = 2020;
const STEP = args.step;
if (STEP !== 'notice' && STEP !== 'decide') throw new Error('usage: recognize.mjs --step notice|decide …');
/** Recognition ids of the first step, by school code and student ID, for the second. */
const STATE = TRUTH.replace(/truth\.json$/, 'recognition-step.json');
const state = STEP === 'decide' ? JSON.parse(fs.readFileSync(STATE, 'utf8')) : {};
// the app's review endpoint takes the tier code of its policy config, not the label (特别困难 → special …);
// read the mapping from the active policy at run time
const TIER_CODE = {};

class Client {
  constructor(name) {
    this.name = name;
    this.cookie = '';
  }
  async req(method, path, body) {
    const res = await fetch(BASE + path, {
      method,
      headers: {
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const sc = res.headers.getSetCookie?.() ?? [];
    if (sc.length) this.cookie = sc.map((c) => c.split(';')[0]).join('; ');
    const text = await res.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, json };
  }
  async must(method, path, body) {
    const r = await this.req(method, path, body);
    if (r.status >= 300)
      throw new Error(`${this.name} ${method} ${path} → ${r.status} ${JSON.stringify(r.json).slice(0, 400)}`);
    return r.json;
  }
  async login(username, password) {
    await this.must('POST', '/api/auth/login', { username, password });
    return this;
  }
}

const truth = JSON.parse(fs.readFileSync(TRUTH, 'utf8'));
const targets = truth.students.filter((s) => s.rec);
const bySchool = new Map();
for (const s of targets) {
  if (!bySchool.has(s.schoolCode)) bySchool.set(s.schoolCode, []);
  bySchool.get(s.schoolCode).push(s);
}

const admin = await new Client('admin').login('admin', ADMIN_PW);
/** The server's day (JIAOFU_TODAY): a 公示 starts on it. */
const TODAY = (await admin.must('GET', '/api/aid/terms')).today;
{
  const p = await admin.must('GET', '/api/aid/policies/active');
  for (const t of p.policy.config.recognition.tiers) TIER_CODE[t.label] = t.code;
}
async function ensureUser(username, role, scopeCode, schoolCode) {
  const r = await admin.req('POST', '/api/users', {
    username,
    displayName: username,
    role,
    scopeCode,
    schoolCode: schoolCode ?? null,
    password: PW,
  });
  if (r.status >= 300 && !/已存在|exists|重复|taken/i.test(JSON.stringify(r.json)))
    throw new Error(`user ${username}: ${r.status} ${JSON.stringify(r.json)}`);
}
const schoolInfo = new Map(truth.schools.map((x) => [x.code, x]));
const log = [];
const note = (s, what, r) =>
  log.push({ name: s.name, schoolCode: s.schoolCode, plan: s.rec.plan, what, result: r });

async function studentId(c, s) {
  // by 学籍号 (the name is not a safe key: the app may store a converted name, e.g. 沈思锦 → 沉思锦)
  const r = await c.must(
    'GET',
    `/api/aid/students?q=${encodeURIComponent(s.studentNo)}&schoolCode=${s.schoolCode}`,
  );
  const masked = `G${s.id.slice(0, 6)}********${s.id.slice(-4)}`;
  const hit = r.items.filter(
    (i) => (i.student_no === s.studentNo || i.student_no === masked) && i.school_code === s.schoolCode,
  );
  if (hit.length !== 1) throw new Error(`student ${s.name} @${s.schoolCode}: ${hit.length} hits`);
  return hit[0].id;
}

const results = [];
const probes = [];
const ONLY = args.only ? new Set(args.only.split(',')) : null;
for (const [code, list] of bySchool) {
  if (ONLY && !ONLY.has(code)) continue;
  const sc = schoolInfo.get(code);
  const sUser = `ab-s-${code}`;
  const cUser = `ab-zz-${sc.countyCode}`;
  await ensureUser(sUser, 'school_aid_officer', sc.townCode, code);
  await ensureUser(cUser, 'county_aid_centre', sc.countyCode);
  const school = await new Client(sUser).login(sUser, PW);
  const county = await new Client(cUser).login(cUser, PW);

  const recOf = new Map();
  const create = async (s) => {
    const sid = await studentId(school, s);
    const pre = await school.must('GET', `/api/aid/recognitions/prefill/${sid}`);
    const body = { studentId: sid, schoolYear: YEAR, reason: '家庭经济困难，申请认定（盲测数据）' };
    if (s.rec.groups) body.priorityGroups = s.rec.groups;
    if (s.rec.midYear) Object.assign(body, { midYear: true, midYearReason: 'covid' });
    const rr = await school.req('POST', '/api/aid/recognitions', body);
    let r = rr.json;
    if (rr.status === 409 && /第 (\d+) 号/.test(JSON.stringify(r)))
      r = { id: Number(JSON.stringify(r).match(/第 (\d+) 号/)[1]), reused: true };
    else if (rr.status >= 300) throw new Error(`create ${s.name}: ${rr.status} ${JSON.stringify(r)}`);
    const id = r.id ?? r.recognition?.id ?? r.item?.id;
    if (!id) throw new Error(`no id in ${JSON.stringify(r).slice(0, 300)}`);
    recOf.set(s, id);
    note(s, 'created', { id, prefill: pre.groups });
    return id;
  };
  const review = async (s) => {
    const r = await school.must('POST', `/api/aid/recognitions/${recOf.get(s)}/review`, {
      tier: TIER_CODE[s.rec.tier] ?? s.rec.tier,
      schoolReview: '经班级评议、学校审核，认定为家庭经济困难学生',
      ...(s.rec.groups ? { priorityGroups: s.rec.groups } : {}),
    });
    note(s, 'reviewed', r.status ?? r.recognition?.status);
  };
  const phase1 = list.filter((s) => ['confirmed', 'archived', 'revoked'].includes(s.rec.plan));
  if (STEP === 'notice') {
    for (const s of phase1) {
      await create(s);
      await review(s);
    }
    if (phase1.length) {
      const n = await school.must('POST', '/api/aid/notices', {
        schoolCode: code,
        schoolYear: YEAR,
        startsOn: TODAY,
        title: '2020年秋季家庭经济困难学生认定结果公示',
      });
      note(phase1[0], 'notice', {
        id: n.id ?? n.notice?.id,
        ends: n.endsOn ?? n.ends_on ?? n.notice?.ends_on,
      });
    }
    state[code] = phase1.map((s) => [s.id, recOf.get(s)]);
    process.stdout.write('.');
    continue;
  }
  for (const [id, rec] of state[code] ?? [])
    recOf.set(
      list.find((s) => s.id === id),
      rec,
    );
  if (phase1.length) {
    // confirmation: try the school first (the docs say 学校认定), then the county (the app's label 县级已确认)
    const ids = phase1.map((s) => recOf.get(s));
    let r = await school.req('POST', '/api/aid/recognitions/confirm', { ids });
    let by = 'school';
    if (r.status >= 300) {
      note(phase1[0], 'confirm-by-school-refused', r.json);
      r = await county.req('POST', '/api/aid/recognitions/confirm', { ids });
      by = 'county';
    }
    if (r.status >= 300) throw new Error(`confirm ${code}: ${r.status} ${JSON.stringify(r.json)}`);
    note(
      phase1[0],
      `confirmed-by-${by}`,
      (r.json.items ?? []).map((x) => [x.id, x.status]),
    );
    const arch = phase1.filter((s) => s.rec.plan === 'archived').map((s) => recOf.get(s));
    if (arch.length) {
      let a = await school.req('POST', '/api/aid/recognitions/archive', { ids: arch });
      if (a.status >= 300) a = await county.req('POST', '/api/aid/recognitions/archive', { ids: arch });
      if (a.status >= 300) throw new Error(`archive ${code}: ${a.status} ${JSON.stringify(a.json)}`);
      note(
        phase1[0],
        'archived',
        (a.json.items ?? []).map((x) => [x.id, x.status]),
      );
    }
    for (const s of phase1.filter((x) => x.rec.plan === 'revoked')) {
      let a = await school.req('POST', `/api/aid/recognitions/${recOf.get(s)}/semester-review`, {
        semester: 'autumn',
        result: 'revoke',
        note: '家庭经济状况好转，取消认定',
      });
      if (a.status >= 300)
        a = await county.req('POST', `/api/aid/recognitions/${recOf.get(s)}/semester-review`, {
          semester: 'autumn',
          result: 'revoke',
          note: '家庭经济状况好转，取消认定',
        });
      if (a.status >= 300) throw new Error(`revoke ${s.name}: ${a.status} ${JSON.stringify(a.json)}`);
      note(s, 'revoked', a.json?.status ?? a.json);
    }
  }
  const inNotice = list.filter((s) => s.rec.plan === 'in_notice');
  for (const s of inNotice) {
    await create(s);
    await review(s);
  }
  if (inNotice.length) {
    const n = await school.must('POST', '/api/aid/notices', {
      schoolCode: code,
      schoolYear: YEAR,
      startsOn: TODAY,
      title: '2020年秋季补充认定结果公示',
    });
    note(inNotice[0], 'notice-running', { id: n.id ?? n.notice?.id });
    // probe: the county tries to confirm while the 公示 is still running (docs: 5 working days, with objections)
    const ids = inNotice.map((s) => recOf.get(s));
    const pr = await county.req('POST', '/api/aid/recognitions/confirm', { ids });
    probes.push({
      probe: 'confirm-during-notice',
      schoolCode: code,
      status: pr.status,
      body: pr.status >= 300 ? pr.json : (pr.json.items ?? []).map((x) => [x.id, x.status]),
    });
  }
  // a recognition of the previous school year (2019–2020), confirmed after its own 公示
  const prev = list.filter((s) => s.rec.plan === 'confirmed_2019');
  if (prev.length) {
    for (const s of prev) {
      const sid = await studentId(school, s);
      const rr = await school.req('POST', '/api/aid/recognitions', {
        studentId: sid,
        schoolYear: YEAR - 1,
        reason: '家庭经济困难，申请认定（盲测数据，上一学年）',
      });
      if (rr.status >= 300) {
        probes.push({ probe: 'create-2019', name: s.name, status: rr.status, body: rr.json });
        continue;
      }
      recOf.set(s, rr.json.id ?? rr.json.recognition?.id ?? rr.json.item?.id);
      await review(s);
    }
    const done = prev.filter((s) => recOf.has(s));
    if (done.length) {
      const n = await school.req('POST', '/api/aid/notices', {
        schoolCode: code,
        schoolYear: YEAR - 1,
        startsOn: '2020-03-02',
        title: '2019学年家庭经济困难学生认定结果公示',
      });
      probes.push({
        probe: 'notice-2019',
        schoolCode: code,
        status: n.status,
        body: n.status >= 300 ? n.json : { id: n.json.id },
      });
      const c = await county.req('POST', '/api/aid/recognitions/confirm', {
        ids: done.map((s) => recOf.get(s)),
      });
      probes.push({
        probe: 'confirm-2019',
        schoolCode: code,
        status: c.status,
        body: c.status >= 300 ? c.json : (c.json.items ?? []).map((x) => [x.id, x.status, x.school_year]),
      });
    }
  }
  for (const s of list.filter((x) => x.rec.plan === 'school_reviewed')) {
    await create(s);
    await review(s);
  }
  for (const s of list.filter((x) => x.rec.plan === 'applied')) await create(s);
  for (const s of list.filter((x) => x.rec.plan === 'rejected')) {
    await create(s);
    await school.must('POST', `/api/aid/recognitions/${recOf.get(s)}/reject`, {
      note: '经评议不符合认定条件',
    });
    note(s, 'rejected', true);
  }
  // read back the statuses
  for (const s of list) {
    if (!recOf.has(s)) {
      results.push({
        name: s.name,
        schoolCode: code,
        plan: s.rec.plan,
        tier: s.rec.tier,
        id: null,
        status: 'not-created',
      });
      continue;
    }
    const r = await school.must('GET', `/api/aid/recognitions/${recOf.get(s)}`);
    const rec = r.recognition ?? r.item ?? r;
    results.push({
      name: s.name,
      schoolCode: code,
      plan: s.rec.plan,
      tier: s.rec.tier,
      id: recOf.get(s),
      status: rec.status,
      appTier: rec.tier,
      schoolYear: rec.school_year,
    });
  }
  process.stdout.write('.');
}
if (STEP === 'notice') {
  fs.writeFileSync(STATE, JSON.stringify(state));
  console.log(`\n公示 opened on ${TODAY}; ids kept in ${STATE}`);
  process.exit(0);
}
fs.writeFileSync(OUT, JSON.stringify({ results, probes, log }, null, 1));
const bad = results.filter((r) => {
  const want = {
    confirmed: 'confirmed',
    archived: 'archived',
    applied: 'applied',
    school_reviewed: 'school_reviewed',
    in_notice: 'in_notice',
    rejected: 'rejected',
    revoked: 'revoked',
    confirmed_2019: 'confirmed',
  }[r.plan];
  return r.status !== want;
});
console.log(`\n${results.length} recognitions driven; ${bad.length} not in the planned status`);
for (const b of bad.slice(0, 20)) console.log('  ', b);
for (const p of probes) console.log('  probe', JSON.stringify(p).slice(0, 300));
console.log(`log: ${OUT}`);
