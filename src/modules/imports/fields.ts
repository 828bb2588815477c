/**
 * Column specs of the files imported into the database: the roll (学籍), the 建档立卡 registry
 * and the other assistance lists. The comparison's own columns (src/modules/matching/headers.ts)
 * are reused and extended with what the database keeps (school, stage, flags, household
 * attributes), so a header is recognised the same way everywhere.
 */
import { type FieldSpec, REGISTRY_FIELDS, STUDENT_FIELDS } from '../matching/headers.ts';

export type RollField =
  | 'studentNo'
  | 'name'
  | 'sex'
  | 'birthDate'
  | 'idNumber'
  | 'idType'
  | 'hukou'
  | 'guardianName'
  | 'guardianIdNumber'
  | 'schoolCode'
  | 'schoolName'
  | 'stage'
  | 'grade'
  | 'className'
  | 'boarding'
  | 'leftBehind'
  | 'disabled'
  | 'poor';

export const ROLL_FIELDS: readonly FieldSpec<RollField>[] = [
  ...STUDENT_FIELDS.map((f) => (f.key === 'studentNo' ? { ...f, required: true } : f)),
  {
    key: 'schoolCode',
    header: '学校标识码',
    aliases: ['学校标识码', '学校代码', '学校编码', '学校识别码'],
    required: false,
  },
  {
    key: 'schoolName',
    header: '学校名称',
    aliases: ['学校名称', '学校', '就读学校', '所在学校', '学校名'],
    required: false,
  },
  { key: 'stage', header: '学段', aliases: ['学段', '就读学段', '学习阶段'], required: false },
  { key: 'grade', header: '年级', aliases: ['年级', '就读年级'], required: false },
  { key: 'className', header: '班级', aliases: ['班级', '班级名称'], fallbacks: ['班号'], required: false },
  {
    key: 'boarding',
    header: '是否寄宿',
    aliases: ['是否寄宿', '是否寄宿生', '寄宿', '是否住校', '住校'],
    required: false,
  },
  {
    key: 'leftBehind',
    header: '是否留守儿童',
    aliases: ['是否留守儿童', '留守儿童', '是否留守'],
    required: false,
  },
  { key: 'disabled', header: '是否残疾', aliases: ['是否残疾', '残疾', '是否残疾儿童'], required: false },
  {
    key: 'poor',
    header: '是否建档立卡',
    aliases: ['是否建档立卡', '建档立卡', '是否建档立卡贫困户', '是否建档立卡户'],
    fallbacks: ['是否贫困'],
    required: false,
  },
];

export type RegistryDbField =
  | (typeof REGISTRY_FIELDS)[number]['key']
  | 'povertyAttribute'
  | 'exitStatus'
  | 'schoolStatus';

export const REGISTRY_DB_FIELDS: readonly FieldSpec<RegistryDbField>[] = [
  ...REGISTRY_FIELDS.map((f) =>
    f.key === 'householdNo' || f.key === 'county' || f.key === 'township' ? { ...f, required: true } : f,
  ),
  {
    key: 'povertyAttribute',
    header: '贫困户属性',
    aliases: ['贫困户属性', '户属性', '贫困属性'],
    required: false,
  },
  { key: 'exitStatus', header: '脱贫状态', aliases: ['脱贫状态', '脱贫标志', '是否脱贫'], required: false },
  {
    key: 'schoolStatus',
    header: '在校生状况',
    aliases: ['在校生状况', '在校状况', '在校生情况', '就学状况'],
    required: false,
  },
];

export type ListField = 'name' | 'idNumber' | 'county' | 'township' | 'kind' | 'detail';

export const LIST_FIELDS: readonly FieldSpec<ListField>[] = [
  { key: 'name', header: '姓名', aliases: ['姓名', '成员姓名', '救助对象姓名'], required: true },
  {
    key: 'idNumber',
    header: '身份证号',
    aliases: ['身份证号', '身份证件号', '证件号码', '公民身份号码', '身份证号码', '证件号'],
    // 残联's lists give the 残疾人证号: the ID followed by the 残疾类别 and 等级 (identity/id-number.ts).
    fallbacks: ['残疾证号', '残疾人证号', '残疾证编号', '残疾人证编号'],
    required: true,
  },
  {
    key: 'county',
    header: '县(市、区)',
    aliases: ['县(市、区)', '县(市区)', '县(区)', '区县', '县', '所属县'],
    required: true,
  },
  {
    key: 'township',
    header: '乡(镇)',
    aliases: ['乡(镇)', '乡镇', '乡镇(街道)', '乡(镇、街道)', '街道'],
    required: true,
  },
  {
    key: 'kind',
    header: '名单类别',
    aliases: ['名单类别', '救助类别'],
    fallbacks: ['类别', '困难类型'],
    required: false,
  },
  {
    key: 'detail',
    header: '备注',
    aliases: ['备注'],
    fallbacks: ['说明', '致困原因', '困难原因', '残疾类别'],
    required: false,
  },
];

/** 名单类别 text → list kind. */
export function parseListKind(
  text: string,
): 'minimum_living' | 'extreme_poverty' | 'disability' | 'hardship' | null {
  const t = text.replace(/\s+/g, '');
  if (/低保|最低生活保障/.test(t)) return 'minimum_living';
  if (/特困|供养|五保/.test(t)) return 'extreme_poverty';
  if (/残疾/.test(t)) return 'disability';
  if (/疫情|新冠|突发|临时|困难|灾/.test(t)) return 'hardship';
  return null;
}

export const LIST_KIND_LABELS = {
  minimum_living: '低保',
  extreme_poverty: '特困供养',
  disability: '残疾',
  hardship: '突发困难(含新冠疫情影响)',
} as const;
