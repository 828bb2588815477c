import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../i18n.ts';

/** Unknown address inside the app. */
export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('error.notFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  );
}

/** A page the user's role may not open. */
export function ForbiddenPage({ message }: { message?: string }) {
  const { t } = useI18n();
  return (
    <Result
      status="403"
      title={t('error.forbidden')}
      subTitle={message ?? '您没有执行此操作的权限'}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  );
}
