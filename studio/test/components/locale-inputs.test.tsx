import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FormProvider, useForm, type FieldValues, type UseFormReturn } from 'react-hook-form';
import { describe, expect, it } from 'vitest';
import { DateInput } from '../../src/records/widgets/DateInput.tsx';
import { numberLocale, NumberInput } from '../../src/records/widgets/NumberInput.tsx';
import { fieldMeta, renderWith } from './records-fixture.tsx';

/** Date, time and number inputs speak the studio's language (i18n), whatever the browser's (jsdom: en-US). */
describe('date inputs follow the UI language, not the browser\'s', () => {
  function DateField({ language }: { language: 'en' | 'zh-CN' }) {
    const form = useForm({ defaultValues: { closeOn: '2026-05-01' } });
    const field = fieldMeta({ name: 'closeOn', type: 'date', label: 'Close' });
    return <FormProvider {...form}><DateInput field={field} id={`close-${language}`} required={false} readOnly={false} invalid={false} describedBy={undefined} /></FormProvider>;
  }

  for (const [language, today, may] of [['en', 'Today', 'May'], ['zh-CN', '今天', '5月']] as const) {
    it(`speaks ${language} in its calendar`, async () => {
      const user = userEvent.setup();
      renderWith(<DateField language={language} />, { language });
      const input = screen.getByRole('textbox');
      expect(input).toHaveProperty('value', '2026-05-01');
      await user.click(input);
      await waitFor(() => expect(document.querySelector('.ant-picker-dropdown')?.textContent).toContain(today));
      expect(document.querySelector('.ant-picker-header-view')?.textContent).toContain(may);
    });
  }
});

describe('number inputs follow the UI language', () => {
  it('read and write numbers the way the language does (grouping, decimal mark)', () => {
    const de = numberLocale('de');
    expect(de.format(1234.5)).toBe('1.234,5');
    expect(de.plain('1.234,5')).toBe('1234.5');
    const en = numberLocale('en');
    expect(en.format(1234.5)).toBe('1,234.5');
    expect(en.plain('1,234.5')).toBe('1234.5');
    // Text that is no number stays as typed: the field's schema refuses it with its own message.
    expect(en.plain('lots')).toBe('lots');
  });

  for (const language of ['en', 'zh-CN'] as const) {
    it(`shows a typed number grouped in ${language} once left, and keeps the plain number in the form`, async () => {
      const user = userEvent.setup();
      let form: UseFormReturn<FieldValues> | undefined;
      function NumberField() {
        form = useForm<FieldValues>({ defaultValues: { amount: '' } });
        const field = fieldMeta({ name: 'amount', type: 'number', label: 'Amount' });
        return <FormProvider {...form!}><NumberInput field={field} id="amount" required={false} readOnly={false} invalid={false} describedBy={undefined} /></FormProvider>;
      }
      renderWith(<NumberField />, { language });
      const input = screen.getByRole('spinbutton');
      await user.type(input, '1234.5');
      expect(form!.getValues('amount')).toBe('1234.5');
      fireEvent.blur(input);
      await waitFor(() => expect(input).toHaveProperty('value', new Intl.NumberFormat(language).format(1234.5)));
      expect(form!.getValues('amount')).toBe('1234.5');
    });
  }
});
