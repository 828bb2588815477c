import { LockOutlined, TranslationOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { api, type CurrentUser, errorMessage } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { useSession } from '../session.tsx';

interface LoginForm {
  username: string;
  password: string;
}

/** The sign-in page. Errors (wrong password, locked out after too many tries) come from the API. */
export function LoginPage() {
  const { t, lang, setLang } = useI18n();
  const { user, signedIn } = useSession();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const from = (location.state as { from?: string } | null)?.from;

  if (user) return <Navigate to={from && from !== '/login' ? from : '/'} replace />;

  async function submit(values: LoginForm) {
    setSubmitting(true);
    setError(null);
    try {
      const r = await api<{ user: CurrentUser }>('/api/auth/login', {
        body: { username: values.username.trim(), password: values.password },
      });
      signedIn(r.user);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <div className="jf-login">
      <h1 className="jf-login-title">{t('app.title')}</h1>
      <div className="jf-login-subtitle">{t('app.owner')}</div>
      <Card
        style={{ width: 380, maxWidth: '100%', boxShadow: '0 8px 24px rgba(0,0,0,0.12)' }}
        title={t('login.heading')}
        extra={
          <Button
            type="link"
            size="small"
            icon={<TranslationOutlined />}
            onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
          >
            {t('lang.switchTo')}
          </Button>
        }
      >
        {error && (
          <Alert data-testid="login-error" type="error" showIcon title={error} style={{ marginBottom: 16 }} />
        )}
        <Form<LoginForm> layout="vertical" onFinish={submit} requiredMark={false} autoComplete="on">
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
      <Typography.Text type="secondary" style={{ marginTop: 24 }}>
        {t('login.footer')}
      </Typography.Text>
    </div>
  );
}
