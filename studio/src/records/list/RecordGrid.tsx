import { CaretDownOutlined, CaretUpOutlined, ExportOutlined } from '../../ui/design/icons.tsx';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Button, Checkbox } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ObjectMeta } from '../../api/metadata.ts';
import { recordTitle } from '../data/labels.ts';
import type { RecordData } from '../data/records-api.ts';
import type { Column } from './columns.ts';
import { InlineCell } from './InlineCell.tsx';

export type Sort = { field: string; direction: 'ASC' | 'DESC' } | null;

interface RecordGridProps {
  object: ObjectMeta;
  columns: Column[];
  rows: RecordData[];
  total: number;
  hasNextPage: boolean;
  loadingMore: boolean;
  loadMore(): void;
  sort: Sort;
  onSort(field: string): void;
  selected: Set<string>;
  onSelect(ids: string[], on: boolean): void;
  save(id: string, data: Record<string, unknown>): Promise<RecordData>;
}

const ROW = 40;
const CHECK = 44;
/** Ask for the next page when the last rendered row is this close to the end of what is loaded. */
const PREFETCH_ROWS = 30;

/**
 * The list as an ARIA grid, virtualized (drawn like an antd Table, with antd's checkboxes and buttons;
 * antd's own virtual Table renders its rows as plain divs without table or grid roles, so a screen
 * reader could not read the list as one): only the rows in view (and a few more) are in the DOM, so a
 * list of 100k records scrolls like one of 100. Pages load one at a time as the end comes near.
 */
export function RecordGrid(p: RecordGridProps) {
  const { t } = useTranslation('records');
  const scroller = useRef<HTMLDivElement>(null);
  const count = p.rows.length + (p.hasNextPage ? 1 : 0);
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 8 });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1].index : 0;
  useEffect(() => {
    if (p.hasNextPage && !p.loadingMore && lastIndex >= p.rows.length - PREFETCH_ROWS) p.loadMore();
  }, [lastIndex, p.hasNextPage, p.loadingMore, p.rows.length, p]);

  const width = CHECK + p.columns.reduce((sum, c) => sum + c.width, 0);
  const allSelected = p.rows.length > 0 && p.rows.every((r) => p.selected.has(r.id));
  return (
    <div className="grid-scroll" ref={scroller} data-testid="record-grid-scroll">
      <div role="grid" aria-label={t('list.grid', { object: p.object.label })} aria-rowcount={p.total + 1} aria-colcount={p.columns.length + 1} aria-multiselectable="true" style={{ width }}>
        <div role="row" aria-rowindex={1} className="grid-head">
          <div role="columnheader" className="grid-cell" style={{ width: CHECK }}>
            <Checkbox aria-label={t('list.selectAll')} checked={allSelected} indeterminate={!allSelected && p.rows.some((r) => p.selected.has(r.id))}
              onChange={(e) => p.onSelect(p.rows.map((r) => r.id), e.target.checked)} />
          </div>
          {p.columns.map((c) => {
            const sorted = p.sort?.field === c.field.name ? p.sort.direction : undefined;
            return (
              <div key={c.field.name} role="columnheader" className="grid-cell" style={{ width: c.width }} aria-sort={sorted === 'ASC' ? 'ascending' : sorted === 'DESC' ? 'descending' : undefined}>
                {c.field.capabilities.sortable ? (
                  <Button type="text" size="small" className="sort" onClick={() => p.onSort(c.field.name)} aria-label={t('list.sortBy', { field: c.field.label })}
                    icon={sorted === 'ASC' ? <CaretUpOutlined /> : sorted === 'DESC' ? <CaretDownOutlined /> : undefined} iconPlacement="end">
                    {c.field.label}
                  </Button>
                ) : c.field.label}
              </div>
            );
          })}
        </div>
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = p.rows[item.index];
            if (!row) {
              return (
                <div key="loader" role="row" aria-rowindex={item.index + 2} className="grid-row" style={{ top: item.start, width }}>
                  <div role="gridcell" className="grid-cell hint">{t('list.loadingMore')}</div>
                </div>
              );
            }
            const name = recordTitle(p.object, row);
            return (
              <div key={row.id} role="row" aria-rowindex={item.index + 2} aria-selected={p.selected.has(row.id)} className="grid-row" style={{ top: item.start, width }} data-id={row.id}>
                <div role="gridcell" className="grid-cell" style={{ width: CHECK }}>
                  <Checkbox aria-label={t('list.selectRow', { name })} checked={p.selected.has(row.id)} onChange={(e) => p.onSelect([row.id], e.target.checked)} />
                </div>
                {p.columns.map((c, i) => (
                  <div key={c.field.name} role="gridcell" className="grid-cell" style={{ width: c.width }}>
                    {i === 0 && <Link to={`/o/${p.object.name}/${row.id}`} aria-label={t('list.open', { name })} className="row-link"><ExportOutlined /></Link>}
                    <InlineCell object={p.object} field={c.field} record={row} name={name} save={p.save} />
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
