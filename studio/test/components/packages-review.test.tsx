import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PlanReview } from '../../src/packages/PlanReview.tsx';
import type { PackagePlan } from '../../src/packages/api.ts';
import { renderWith, stubApi, type Call } from './records-fixture.tsx';

const plan = (over: Partial<PackagePlan>): PackagePlan => ({
  name: 'k12-tutoring', version: '1.1.0', from: null, dryRun: true, applied: false,
  install: [{ name: 'crm-core', version: '1.2.0' }, { name: 'k12-tutoring', version: '1.1.0' }],
  rights: [], changes: [{ kind: 'object', action: 'create', name: 'student', destructive: false, detail: null }], conflicts: [], kept: [], ...over,
});

/** Answers each lifecycle verb from `answer(verb, variables)`: a plan, or a GraphQL error body. */
function stubVerbs(answer: (verb: string, v: Record<string, any>) => unknown): Call[] {
  return stubApi([], (call) => {
    const verb = /(installPackage|upgradePackage|uninstallPackage)\(/.exec(call.query)?.[1];
    if (!verb) return { data: {} };
    const result = answer(verb, call.variables ?? {});
    return result && typeof result === 'object' && 'errors' in result ? result : { data: { [verb]: result } };
  });
}
const verbCalls = (calls: Call[]) => calls.filter((c) => /Package\(/.test(c.query)).map((c) => c.variables);

/** The review dialog of the package lifecycle, against a stubbed /metadata: what it sends and what it lets the admin do. */
describe('packages gallery: review dialog', () => {
  it('asks for the dry-run plan first, shows the order and changes, needs the rights acknowledged, then installs with sample data', async () => {
    const calls = stubVerbs((_verb, v) => plan({ rights: ['manageMetadata'], dryRun: v.d, applied: !v.d }));
    renderWith(<PlanReview mode="install" name="k12-tutoring" version="1.1.0" label="K12 一对一辅导" sampleData onClose={() => {}} />, { language: 'zh-CN' });
    const order = await screen.findByRole('region', { name: '安装顺序' });
    expect(within(order).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['crm-core 1.2.0', 'k12-tutoring 1.1.0']);
    expect(within(screen.getByRole('list', { name: '对象' })).getByText('student')).toBeTruthy();
    const install = screen.getByRole('button', { name: '安装' });
    expect(install).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByLabelText('我授予该软件包这些权限'));
    fireEvent.click(screen.getByLabelText('添加示例数据'));
    await waitFor(() => expect(install).toHaveProperty('disabled', false));
    fireEvent.click(install);
    await screen.findByText('K12 一对一辅导 1.1.0 已安装。');
    expect(verbCalls(calls)).toEqual([
      { n: 'k12-tutoring', v: '1.1.0', d: true, s: false },
      { n: 'k12-tutoring', v: '1.1.0', d: false, s: true },
    ]);
  });

  it('offers no sample data for a package whose listing ships none (marketplace sampleData false)', async () => {
    const calls = stubVerbs((_verb, v) => (v.s
      ? { errors: [{ message: 'tutor-lessons ships no sample data', extensions: { code: 'NOT_FOUND', errors: [{ pointer: '/sampleData', message: 'the package has none' }] } }] }
      : plan({ name: 'tutor-lessons', version: '1.0.0', dryRun: v.d, applied: !v.d, install: [{ name: 'tutor-lessons', version: '1.0.0' }] })));
    renderWith(<PlanReview mode="install" name="tutor-lessons" version="1.0.0" label="Lesson planner" onClose={() => {}} />);
    await screen.findByRole('region', { name: 'Installed in this order' });
    expect(screen.queryByLabelText('Add sample data')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Install' }));
    await screen.findByText('Lesson planner 1.0.0 is installed.');
    expect(verbCalls(calls)).toEqual([
      { n: 'tutor-lessons', v: '1.0.0', d: true, s: false },
      { n: 'tutor-lessons', v: '1.0.0', d: false, s: false },
    ]);
  });

  it('shows conflicts as an error and never offers Install', async () => {
    const calls = stubVerbs(() => plan({ conflicts: [{ kind: 'object', name: 'distributor', pointer: '/components/objects/0', message: 'exists and belongs to no package' }] }));
    renderWith(<PlanReview mode="install" name="fmcg-channel-distribution" version="1.0.0" label="FMCG" onClose={() => {}} />);
    const conflicts = await screen.findByRole('list', { name: 'Conflicts: nothing can be installed until they are resolved' });
    expect(conflicts.textContent).toContain('distributor: exists and belongs to no package');
    expect(screen.getByRole('button', { name: 'Install' })).toHaveProperty('disabled', true);
    expect(verbCalls(calls)).toHaveLength(1);
  });

  it('an upgrade with a destructive change needs consent, shows the kept overrides, and sends allowDestructive', async () => {
    const calls = stubVerbs((_verb, v) => plan({
      name: 'crm-core', version: '1.2.0', from: '1.1.0', dryRun: v.d, applied: !v.d, install: [{ name: 'crm-core', version: '1.2.0' }],
      changes: [{ kind: 'field', action: 'delete', name: 'lead.fax', destructive: true, detail: null }, { kind: 'field', action: 'create', name: 'lead.score', destructive: false, detail: null }],
      kept: [{ kind: 'object', name: 'lead', pointer: '/label/en', packageValue: 'Lead', value: 'Prospect' }],
    }));
    renderWith(<PlanReview mode="upgrade" name="crm-core" version="1.2.0" label="CRM core" onClose={() => {}} />);
    await screen.findByRole('dialog', { name: 'Upgrade CRM core 1.1.0 → 1.2.0' });
    const fields = await screen.findByRole('list', { name: 'Fields' });
    const destructive = within(fields).getAllByRole('listitem').filter((li) => li.hasAttribute('data-destructive'));
    expect(destructive.map((li) => li.textContent)).toEqual(['removelead.faxdestructive']);
    expect(within(screen.getByRole('table', { name: 'Your changes kept' })).getByText('Prospect')).toBeTruthy();
    const upgrade = screen.getByRole('button', { name: 'Upgrade' });
    expect(upgrade).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByLabelText(/^Allow the destructive changes/));
    await waitFor(() => expect(upgrade).toHaveProperty('disabled', false));
    fireEvent.click(upgrade);
    await screen.findByText('CRM core is upgraded to 1.2.0.');
    expect(verbCalls(calls).at(-1)).toEqual({ n: 'crm-core', v: '1.2.0', d: false, x: true });
  });

  it('an uninstall refused because other packages depend on it says so', async () => {
    stubVerbs(() => ({ errors: [{ message: 'k12-tutoring depends on crm-core', extensions: { code: 'CONFLICT', dependants: [{ kind: 'package', name: 'k12-tutoring' }] } }] }));
    renderWith(<PlanReview mode="uninstall" name="crm-core" version="1.2.0" label="CRM core" onClose={() => {}} />);
    await screen.findByText('Installed packages depend on it (k12-tutoring): uninstall them first.');
    expect(screen.getByText('k12-tutoring depends on crm-core')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Uninstall' })).toHaveProperty('disabled', true);
  });

  it('an upgrade refused because an installed package depends on the version range it leaves says so', async () => {
    stubVerbs(() => ({ errors: [{ message: 'k12-tutoring needs crm-core ^1.2.0', extensions: { code: 'CONFLICT', dependants: [{ kind: 'package', name: 'k12-tutoring' }] } }] }));
    renderWith(<PlanReview mode="upgrade" name="crm-core" version="2.0.0" label="CRM core" onClose={() => {}} />, { language: 'zh-CN' });
    await screen.findByText('已安装的软件包依赖它的其他版本范围（k12-tutoring）：请先升级它们，或选择它们接受的版本。');
  });

  it('any other refusal is shown as the server gave it, never as a dependency', async () => {
    stubVerbs(() => ({ errors: [{ message: '"account" is looked up by lead.account', extensions: { code: 'CONFLICT' } }] }));
    renderWith(<PlanReview mode="uninstall" name="crm-core" version="1.2.0" label="CRM core" onClose={() => {}} />);
    await screen.findByText('"account" is looked up by lead.account');
    expect(screen.queryByText(/depend on it/)).toBeNull();
  });
});
