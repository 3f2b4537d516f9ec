import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RecordPicker, type Choice } from '../widgets/RecordPicker.tsx';
import { searchUsers } from '../widgets/ReferenceInputs.tsx';

/** A search-as-you-type choice of a user from the tenant's directory (antd Select with remote search). */
export function OwnerPicker({ value, onChange, label }: { value: Choice | null; onChange(choice: Choice | null): void; label?: string }) {
  const { t } = useTranslation('records');
  const name = label ?? t('owner.newOwner');
  return <RecordPicker aria-label={name} label={name} value={value?.id ?? ''} valueLabel={value?.label} search={searchUsers} onChange={onChange} />;
}

/** The picker's state: the chosen user, if any. */
export function useOwnerChoice() {
  return useState<Choice | null>(null);
}
