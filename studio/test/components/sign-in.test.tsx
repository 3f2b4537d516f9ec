import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import { SessionProvider } from '../../src/api/session.tsx';
import { SignInPage } from '../../src/auth/SignInPage.tsx';
import { createI18n } from '../../src/i18n/index.ts';
import { DesignProvider } from '../../src/ui/design/DesignProvider.tsx';

function renderSignIn(language: 'en' | 'zh-CN') {
  globalThis.fetch = (async () => new Response(JSON.stringify({ errors: [{ message: 'Not signed in', extensions: { code: 'UNAUTHENTICATED' } }] }), { status: 401 })) as typeof fetch;
  return render(
    <I18nextProvider i18n={createI18n(language)}>
      <DesignProvider>
        <SessionProvider>
          <MemoryRouter initialEntries={['/signin']}>
            <SignInPage />
          </MemoryRouter>
        </SessionProvider>
      </DesignProvider>
    </I18nextProvider>,
  );
}

describe('sign-in form', () => {
  it('labels every input and names its button (English)', () => {
    renderSignIn('en');
    expect(screen.getByLabelText('Email')).toHaveProperty('type', 'email');
    expect(screen.getByLabelText('Password')).toHaveProperty('type', 'password');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
  });

  it('speaks Chinese when the language is zh-CN', () => {
    renderSignIn('zh-CN');
    expect(screen.getByLabelText('邮箱')).toBeTruthy();
    expect(screen.getByRole('button', { name: '登录' })).toBeTruthy();
  });
});
