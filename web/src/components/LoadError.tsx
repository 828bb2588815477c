import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';
import { ApiError, errorMessage } from '../api.ts';
import { useI18n } from '../i18n.ts';

/**
 * Shows why a page could not load, with the server's message as it came: 404 (which is
 * also what an out-of-scope record answers), 403, or anything else with a retry.
 */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const status = error instanceof ApiError ? error.status : 0;
  const home = (
    <Link to="/" key="home">
      <Button type="primary">{t('common.backHome')}</Button>
    </Link>
  );
  if (status === 404 || status === 403) {
    return (
      <Result
        data-testid="load-error"
        status={status === 404 ? '404' : '403'}
        title={status === 404 ? t('error.notFound') : t('error.forbidden')}
        subTitle={errorMessage(error)}
        extra={home}
      />
    );
  }
  return (
    <Result
      data-testid="load-error"
      status="error"
      title={t('error.loadFailed')}
      subTitle={errorMessage(error)}
      extra={[
        onRetry ? (
          <Button key="retry" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : null,
        home,
      ]}
    />
  );
}
