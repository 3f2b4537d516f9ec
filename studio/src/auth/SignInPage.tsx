import { useState } from 'react';
import { useForm } from 'react-hook-form';
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
  const { register, handleSubmit, formState } = useForm<SignInValues>({ defaultValues: { email: '', password: '', tenant: params.get('tenant') ?? '' } });
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

  return (
    <main className="sign-in">
      <form onSubmit={onSubmit} noValidate aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">{t('signIn.title')}</h1>
        <label htmlFor="sign-in-email">{t('signIn.email')}</label>
        <input id="sign-in-email" type="email" autoComplete="username" required {...register('email', { required: true })} />
        <label htmlFor="sign-in-password">{t('signIn.password')}</label>
        <input id="sign-in-password" type="password" autoComplete="current-password" required {...register('password', { required: true })} />
        <details open={!!params.get('tenant')}>
          <summary>{t('signIn.tenant')}</summary>
          <label htmlFor="sign-in-tenant">{t('signIn.tenant')}</label>
          <input id="sign-in-tenant" aria-describedby="sign-in-tenant-hint" {...register('tenant')} />
          <small id="sign-in-tenant-hint">{t('signIn.tenantHint')}</small>
        </details>
        {failure && <p role="alert" className="error">{failure}</p>}
        <button type="submit" disabled={formState.isSubmitting}>{formState.isSubmitting ? t('signIn.submitting') : t('signIn.submit')}</button>
      </form>
    </main>
  );
}
