import { describe, expect, it } from 'vitest';
import { FIRST_LOAD_BUDGET, measureBundle, studioDistDir } from '../../server/index.ts';

/**
 * The build the browser tests run (made by the global setup as the server makes it): its first load
 * stays within the budget, and the heavy parts — every page but sign-in and home (the approvals inbox and workflow runs too), the notifications bell, ECharts, CodeMirror, the expression editor (with the expression language) —
 * are not in it (nor the rich-text editor, TipTap and ProseMirror). `npm run bench` (suite studioBundle) prints the figures.
 */
describe('studio bundle', () => {
  it('loads at most FIRST_LOAD_BUDGET of gzipped JavaScript at once, pages, charts and the code editor later', async () => {
    const size = await measureBundle(studioDistDir);
    console.log(`[studio bundle] first load ${(size.eagerGzip / 1024).toFixed(1)} KB gzip in ${size.eager.length} files; all JS ${(size.totalGzip / 1024).toFixed(1)} KB in ${size.all.length}`);
    expect(size.eager.length).toBeGreaterThan(0);
    expect(size.eagerGzip).toBeLessThanOrEqual(FIRST_LOAD_BUDGET);
    const eager = size.eager.map((f) => f.file.replace(/^assets\//, ''));
    for (const lazy of ['charts-', 'editor-', 'ExpressionEditor-', 'MergePage-', 'RichTextEditor-', 'RichTextView-', 'RecordListPage-', 'RecordPage-', 'ObjectDetailPage-', 'ScriptsPage-', 'DashboardsPage-', 'InboxPage-', 'RunsPage-', 'NotificationBell-', 'PoolsPage-', 'PoolEditorPage-', 'PoolHistory-', 'WebhooksPage-', 'WebFormsPage-', 'ImportPage-']) {
      expect(eager.filter((f) => f.startsWith(lazy)), lazy).toEqual([]);
      expect(size.all.some((f) => f.file.startsWith(`assets/${lazy}`)), `${lazy} is built`).toBe(true);
    }
  });
});
