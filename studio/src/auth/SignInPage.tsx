import { Alert, Button, Card, Collapse, Input, Typography } from 'antd';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/graphql.ts';
import { useSession } from '../api/session.tsx';

interface SignInValues {
  email: string;
  password: string;
  tenant: string;
}

/** Password sign-in: the session cookie is httpOnly; the CSRF token stays in memory. */
export function SignInPage() {
  const { t } = useTranslation();
  const { session, signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [failure, setFailure] = useState<string | null>(null);
  const { control, handleSubmit, formState } = useForm<SignInValues>({ defaultValues: { email: '', password: '', tenant: params.get('tenant') ?? '' } });
  const next = params.get('next') ?? '/';
  if (session) return <Navigate to={next} replace />;

  const onSubmit = handleSubmit(async (values) => {
    setFailure(null);
    try {
      await signIn({ email: values.email, password: values.password, ...(values.tenant ? { tenant: values.tenant } : {}) });
      navigate(next, { replace: true });
    } catch (error) {
      setFailure(error instanceof ApiError && error.code !== 'UNAUTHENTICATED' ? error.message : t('signIn.failed'));
    }
  });

  const tenant = (
    <div className="form-row">
      <label htmlFor="sign-in-tenant">{t('signIn.tenant')}</label>
      <Controller name="tenant" control={control} render={({ field }) => <Input id="sign-in-tenant" aria-describedby="sign-in-tenant-hint" {...field} />} />
      <Typography.Text type="secondary" id="sign-in-tenant-hint" className="hint">{t('signIn.tenantHint')}</Typography.Text>
    </div>
  );
  return (
    <main className="sign-in">
      <Card>
        <form onSubmit={onSubmit} noValidate aria-labelledby="sign-in-title">
          <Typography.Title level={1} id="sign-in-title">{t('signIn.title')}</Typography.Title>
          <div className="form-row">
            <label htmlFor="sign-in-email">{t('signIn.email')}</label>
            <Controller name="email" control={control} rules={{ required: true }}
              render={({ field }) => <Input id="sign-in-email" type="email" autoComplete="username" required {...field} />} />
          </div>
          <div className="form-row">
            <label htmlFor="sign-in-password">{t('signIn.password')}</label>
            <Controller name="password" control={control} rules={{ required: true }}
              render={({ field }) => <Input.Password id="sign-in-password" autoComplete="current-password" required {...field} />} />
          </div>
          <Collapse ghost size="small" defaultActiveKey={params.get('tenant') ? ['tenant'] : []} items={[{ key: 'tenant', label: t('signIn.tenant'), children: tenant, forceRender: true }]} />
          {failure && <Alert role="alert" type="error" showIcon title={failure} />}
          <Button type="primary" htmlType="submit" block loading={formState.isSubmitting}>
            {formState.isSubmitting ? t('signIn.submitting') : t('signIn.submit')}
          </Button>
        </form>
      </Card>
    </main>
  );
}
