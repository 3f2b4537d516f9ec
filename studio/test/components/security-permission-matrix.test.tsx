import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../src/i18n/index.ts';
import type { FieldPermission, ObjectPermission } from '../../src/setup/security/api.ts';
import { PermissionMatrix } from '../../src/setup/security/PermissionMatrix.tsx';
import { setFieldAccess, fieldAccess } from '../../src/setup/security/permissions.ts';

const OBJECTS = [{ name: 'lead', label: 'Lead' }, { name: 'account', label: 'Account' }];

function Harness({ initial, onChange }: { initial: ObjectPermission[]; onChange(v: ObjectPermission[]): void }) {
  const [value, setValue] = useState(initial);
  return <PermissionMatrix objects={OBJECTS} value={value} onChange={(v) => { setValue(v); onChange(v); }} />;
}

function renderMatrix(initial: ObjectPermission[] = [], language: 'en' | 'zh-CN' = 'en') {
  const changes: ObjectPermission[][] = [];
  render(<I18nextProvider i18n={createI18n(language)}><Harness initial={initial} onChange={(v) => changes.push(v)} /></I18nextProvider>);
  return changes;
}

const box = (name: string) => screen.getByRole('checkbox', { name }) as HTMLInputElement;

describe('role permission matrix', () => {
  it('labels one checkbox per object and right, checked from the role', () => {
    renderMatrix([{ object: 'lead', read: true, create: false, update: true, delete: false, viewAll: false, modifyAll: false }]);
    expect(screen.getAllByRole('checkbox')).toHaveLength(12);
    expect(box('Lead: Read').checked).toBe(true);
    expect(box('Lead: Edit').checked).toBe(true);
    expect(box('Lead: Create').checked).toBe(false);
    expect(box('Account: Read').checked).toBe(false);
  });

  it('grants read with any right, everything with modify all, and takes all away with read', () => {
    const changes = renderMatrix();
    fireEvent.click(box('Account: Create'));
    expect(changes.at(-1)).toEqual([{ object: 'account', read: true, create: true, update: false, delete: false, viewAll: false, modifyAll: false }]);
    expect(box('Account: Read').checked).toBe(true);
    fireEvent.click(box('Lead: Modify all'));
    const lead = changes.at(-1)!.find((p) => p.object === 'lead')!;
    expect(lead).toEqual({ object: 'lead', read: true, create: true, update: true, delete: true, viewAll: true, modifyAll: true });
    fireEvent.click(box('Lead: Delete'));
    expect(box('Lead: Modify all').checked).toBe(false);
    expect(box('Lead: View all').checked).toBe(true);
    fireEvent.click(box('Lead: Read'));
    expect(changes.at(-1)!.map((p) => p.object)).toEqual(['account']);
    expect(['Read', 'Create', 'Edit', 'Delete', 'View all', 'Modify all'].every((r) => !box(`Lead: ${r}`).checked)).toBe(true);
  });

  it('speaks Chinese', () => {
    renderMatrix([], 'zh-CN');
    expect(screen.getByRole('checkbox', { name: 'Lead：修改全部' })).toBeTruthy();
  });
});

describe('field permissions', () => {
  it('stores only restricted fields; edit implies read, no read means no edit', () => {
    let list: FieldPermission[] = [];
    expect(fieldAccess(list, 'lead', 'phone')).toEqual({ read: true, update: true });
    list = setFieldAccess(list, 'lead', 'phone', 'update', false);
    expect(list).toEqual([{ object: 'lead', field: 'phone', read: true, update: false }]);
    list = setFieldAccess(list, 'lead', 'phone', 'read', false);
    expect(list).toEqual([{ object: 'lead', field: 'phone', read: false, update: false }]);
    list = setFieldAccess(list, 'lead', 'phone', 'update', true);
    expect(list).toEqual([]);
  });
});
