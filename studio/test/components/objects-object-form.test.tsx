import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ObjectForm } from '../../src/setup/objects/ObjectForm.tsx';
import { ObjectsPage } from '../../src/setup/objects/ObjectsPage.tsx';
import { selectValue } from './antd-steps.ts';
import { objectMeta, renderWith, stubMetadata } from './objects-support.tsx';

const noop = () => {};

describe('object manager', () => {
  it('lists objects with label, API name, field count and sharing, linking to their page', async () => {
    stubMetadata({ objects: [objectMeta('lead', [{ name: 'a', type: 'TEXT', label: 'A' }, { name: 'b', type: 'TEXT', label: 'B' }], { sharing: 'PRIVATE' })] });
    renderWith(<ObjectsPage />);
    const link = await screen.findByRole('link', { name: 'Lead' });
    expect(link.getAttribute('href')).toBe('/setup/objects/lead');
    const cells = link.closest('tr')!.querySelectorAll('td');
    expect([...cells].map((c) => c.textContent)).toEqual(['Lead', 'lead', '2', 'Private']);
    expect(screen.getByRole('button', { name: 'New object' })).toBeTruthy();
  });

  it('creates an object with labels in both languages and sharing', async () => {
    const calls = stubMetadata({ mutation: () => ({ data: { createObject: { name: 'salesLead' } } }) });
    const user = userEvent.setup();
    let created = '';
    renderWith(<ObjectForm onDone={(n) => { created = n; }} onCancel={noop} />);
    await user.type(screen.getByLabelText('API name'), 'salesLead');
    await user.type(screen.getByLabelText('Label'), 'Sales lead');
    await user.type(screen.getByLabelText('Label (中文)'), '销售线索');
    await user.type(screen.getByLabelText('Description'), 'Prospects');
    await selectValue(user, screen.getByLabelText('Sharing'), 'PRIVATE');
    await user.click(screen.getByRole('button', { name: 'Create object' }));
    await waitFor(() => expect(created).toBe('salesLead'));
    expect(calls.find((c) => c.query.includes('createObject'))!.variables.input).toEqual({
      name: 'salesLead', label: { en: 'Sales lead', 'zh-CN': '销售线索' }, description: 'Prospects', sharing: 'PRIVATE',
    });
  });

  it('shows refusals next to the API name and the Chinese label', async () => {
    stubMetadata({
      mutation: () => ({ errors: [{ message: 'Invalid object', extensions: { code: 'VALIDATION_FAILED', errors: [{ pointer: '/name', message: '"user" is reserved' }, { pointer: '/label/zh-CN', message: 'must be a label' }] } }] }),
    });
    const user = userEvent.setup();
    renderWith(<ObjectForm onDone={noop} onCancel={noop} />);
    await user.type(screen.getByLabelText('API name'), 'user');
    await user.click(screen.getByRole('button', { name: 'Create object' }));
    const name = screen.getByLabelText('API name');
    await waitFor(() => expect(name.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(name.getAttribute('aria-describedby')!)!.textContent).toBe('"user" is reserved');
    const zh = screen.getByLabelText('Label (中文)');
    expect(document.getElementById(zh.getAttribute('aria-describedby')!)!.textContent).toBe('must be a label');
    expect(screen.getByLabelText('Label').getAttribute('aria-invalid')).toBeNull();
  });

  it('requires an API name before sending', async () => {
    const calls = stubMetadata({});
    const user = userEvent.setup();
    renderWith(<ObjectForm onDone={noop} onCancel={noop} />, 'zh-CN');
    await user.click(screen.getByRole('button', { name: '创建对象' }));
    expect(await screen.findByText('必填')).toBeTruthy();
    expect(calls.some((c) => c.query.includes('createObject'))).toBe(false);
  });
});
