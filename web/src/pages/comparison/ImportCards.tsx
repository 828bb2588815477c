import { Card, Col, Row, Select, Space, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { FileImport, type ImportKind, type ListKind } from '../../components/FileImport.tsx';
import { type MessageKey, useI18n } from '../../i18n.ts';
import { useUser } from '../../session.tsx';

const LIST_KINDS: ListKind[] = ['minimum_living', 'extreme_poverty', 'disability', 'hardship'];

function ImportCard({
  kind,
  title,
  hint,
  extra,
  listKind,
  onImported,
}: {
  kind: ImportKind;
  title: MessageKey;
  hint: MessageKey;
  extra?: ReactNode;
  listKind?: ListKind;
  onImported(): void;
}) {
  const { t } = useI18n();
  const user = useUser();
  return (
    <Card
      size="small"
      // (A long title wraps rather than ending in "…": tester v26d F10, in English at 1400 px.)
      title={<span style={{ whiteSpace: 'normal' }}>{t(title)}</span>}
      style={{ height: '100%' }}
      data-testid={`import-card-${kind}`}
    >
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t(hint)}</Typography.Text>
        {extra}
        <FileImport
          kind={kind}
          listKind={listKind}
          disabled={
            !user.permissions.write ||
            (kind === 'students' ? user.permissions.importRoll === false : !user.permissions.importRegistry)
          }
          onImported={onImported}
        />
        {kind !== 'students' && user.permissions.write && !user.permissions.importRegistry && (
          <Typography.Text type="secondary" data-testid={`import-${kind}-county-only`}>
            {t('cmp.import.countyOnly')}
          </Typography.Text>
        )}
        {kind === 'students' && user.permissions.write && user.permissions.importRoll === false && (
          <Typography.Text type="secondary" data-testid="import-students-schools-only">
            {t('cmp.import.schoolsOnly')}
          </Typography.Text>
        )}
      </Space>
    </Card>
  );
}

/** The three uploads of the comparison page: roll, 建档立卡 registry, assistance lists. */
export function ImportCards({ onImported }: { onImported(): void }) {
  const { t, tc } = useI18n();
  const [listKind, setListKind] = useState<ListKind>('minimum_living');
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={8}>
        <ImportCard
          kind="students"
          title="cmp.import.students"
          hint="cmp.import.studentsHint"
          onImported={onImported}
        />
      </Col>
      <Col xs={24} lg={8}>
        <ImportCard
          kind="registry"
          title="cmp.import.registry"
          hint="cmp.import.registryHint"
          onImported={onImported}
        />
      </Col>
      <Col xs={24} lg={8}>
        <ImportCard
          kind="lists"
          title="cmp.import.lists"
          hint="cmp.import.listsHint"
          listKind={listKind}
          onImported={onImported}
          extra={
            <Space wrap>
              <span>{t('import.listKind')}</span>
              <Select<ListKind>
                value={listKind}
                onChange={setListKind}
                style={{ width: 'auto', minWidth: 160 }}
                popupMatchSelectWidth={false}
                aria-label={t('import.listKind')}
                options={LIST_KINDS.map((k) => ({ value: k, label: tc('listKind', k) }))}
              />
            </Space>
          }
        />
      </Col>
    </Row>
  );
}
