import { ToolOutlined } from '@ant-design/icons';
import { Button, Card, Result, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { type MessageKey, useI18n } from '../i18n.ts';

/** A capability that is planned but not built yet, with the 工作要点 it will carry out. */
export interface UpcomingModule {
  key: string;
  menu: MessageKey;
  /** Numbers of the work points in 《2020年三明市教育脱贫攻坚工作要点》. */
  points: number[];
  /** What the module will do, one line per work point (Chinese: the bureau's wording). */
  scope: { zh: string; en: string }[];
}

/** The capabilities still to come, mapped to the 13 work points (docs POLICY.md). */
export const UPCOMING: UpcomingModule[] = [
  {
    key: 'aid',
    menu: 'menu.aid',
    points: [1, 3, 4],
    scope: [
      {
        zh: '工作要点 1：“151”工作机制，一生一档，五个学段资助全覆盖',
        en: 'Point 1: one lifelong file per student, aid across all five stages',
      },
      { zh: '工作要点 3：资助队伍建设与培训记录', en: 'Point 3: aid staff and their training' },
      {
        zh: '工作要点 4：资助育人，记录资助以外的关爱帮扶',
        en: 'Point 4: care beyond money for every aided student',
      },
    ],
  },
  {
    key: 'comparison',
    menu: 'menu.comparison',
    points: [2],
    scope: [
      {
        zh: '工作要点 2：学籍与建档立卡等名单信息识别比对，“一个不错、一个不漏”',
        en: 'Point 2: compare the student roll with the 建档立卡 registry — none wrong, none missed',
      },
    ],
  },
  {
    key: 'dropout',
    menu: 'menu.dropout',
    points: [5],
    scope: [
      {
        zh: '工作要点 5：控辍保学责任书、台账与一人一案、劝返、送教上门、流转学生监测',
        en: 'Point 5: responsibility letters, case ledger, persuasion, home teaching, transfer monitoring',
      },
    ],
  },
  {
    key: 'teachers',
    menu: 'menu.teachers',
    points: [10, 11, 12, 13],
    scope: [
      {
        zh: '工作要点 10：县管校聘、校际交流轮岗（≥10%，其中≥30%为优秀/高级/一级教师）',
        en: 'Point 10: teacher rotation (≥10%, of which ≥30% distinguished or senior)',
      },
      {
        zh: '工作要点 11：跟岗支教，20 名骨干教师支教、75 名校长教师跟岗',
        en: 'Point 11: 20 support teachers and 75 shadowing staff with mentors',
      },
      {
        zh: '工作要点 12：乡镇补贴 300 元、乡村教师生活补助 500 元',
        en: 'Point 12: township allowance 300 and rural subsidy 500 yuan a month',
      },
      {
        zh: '工作要点 13：公费师范生与学费代偿',
        en: 'Point 13: funded normal students and tuition reimbursement',
      },
    ],
  },
  {
    key: 'projects',
    menu: 'menu.projects',
    points: [7, 8],
    scope: [
      {
        zh: '工作要点 7：薄弱环节改善与能力提升、校舍安全保障项目跟踪',
        en: 'Point 7: school improvement and building-safety projects',
      },
      {
        zh: '工作要点 8：紧密型总校与普通高中特色建设',
        en: 'Point 8: school groups and featured senior high schools',
      },
    ],
  },
  {
    key: 'training',
    menu: 'menu.training',
    points: [9],
    scope: [
      {
        zh: '工作要点 9：职业技能培训，全年不少于 6000 人次',
        en: 'Point 9: vocational training, at least 6000 person-times',
      },
    ],
  },
  {
    key: 'reports',
    menu: 'menu.reports',
    points: [1, 6],
    scope: [
      { zh: '工作要点 1：五个学段资助全覆盖报表', en: 'Point 1: coverage report across the five stages' },
      {
        zh: '工作要点 6：强化监督检查，导出至福建省扶贫（惠民）资金在线监管系统',
        en: 'Point 6: supervision flags and export to the provincial fund-supervision system',
      },
    ],
  },
];

/** The placeholder for a capability not built yet: says so plainly and shows no data. */
export function UpcomingPage({ module }: { module: UpcomingModule }) {
  const { t, lang, p } = useI18n();
  const points = module.points.map((n) => (lang === 'zh' ? `第 ${n} 条` : `point ${n}`)).join(p.enumeration);
  return (
    <Card data-testid="upcoming-page">
      <Result
        icon={<ToolOutlined />}
        title={
          <Space>
            {t(module.menu)}
            <Tag color="orange">{t('upcoming.tag')}</Tag>
          </Space>
        }
        subTitle={t('upcoming.title')}
        extra={
          <Link to="/">
            <Button type="primary">{t('common.backHome')}</Button>
          </Link>
        }
      >
        <Typography.Paragraph strong>{t('upcoming.body', { points })}</Typography.Paragraph>
        <ul>
          {module.scope.map((s) => (
            <li key={s.zh}>
              <Typography.Text>{lang === 'zh' ? s.zh : s.en}</Typography.Text>
            </li>
          ))}
        </ul>
        <Typography.Paragraph type="secondary">{t('upcoming.note')}</Typography.Paragraph>
      </Result>
    </Card>
  );
}
