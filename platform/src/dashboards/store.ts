import type pg from 'pg';
import type { ChangeTx } from '../changes/index.ts';
import { PlatformError } from '../errors/index.ts';
import type { SqlRunner } from '../storage/sql/runner.ts';
import type { DashboardBlock } from './validate.ts';

export interface Dashboard {
  id: string;
  name: string;
  blocks: DashboardBlock[];
  updatedAt: string;
}

const COLUMNS = 'id, name, blocks, updated_at';
const toDashboard = (r: { id: string; name: string; blocks: DashboardBlock[]; updated_at: Date | string }): Dashboard =>
  ({ id: r.id, name: r.name, blocks: r.blocks, updatedAt: new Date(r.updated_at).toISOString() });
const described = (d: Dashboard) => ({ name: d.name, blocks: d.blocks });
const isId = (id: string) => /^[0-9a-f-]{36}$/i.test(id);

/** Dashboards of one tenant: every statement is scoped by tenant id. */
export async function listDashboards(sql: SqlRunner | pg.Pool, tenantId: string): Promise<Dashboard[]> {
  const rows = await query(sql, `select ${COLUMNS} from tessera.dashboards where tenant_id = $1 order by name, id`, [tenantId]);
  return rows.map(toDashboard);
}

export async function getDashboard(sql: SqlRunner | pg.Pool, tenantId: string, id: string): Promise<Dashboard | null> {
  if (!isId(id)) return null;
  const [row] = await query(sql, `select ${COLUMNS} from tessera.dashboards where tenant_id = $1 and id = $2`, [tenantId, id]);
  return row ? toDashboard(row) : null;
}

async function query(sql: SqlRunner | pg.Pool, text: string, params: unknown[]): Promise<any[]> {
  const result = await (sql as SqlRunner).query(text, params);
  return Array.isArray(result) ? result : (result as { rows: any[] }).rows;
}

function taken(error: unknown, name: string): unknown {
  if ((error as { code?: string }).code !== '23505') return error;
  return new PlatformError('UNIQUE_VIOLATION', `A dashboard named "${name}" already exists`, { details: [{ pointer: '/name', message: 'is taken' }] });
}

/** Creates or changes a dashboard in `tx` (by id, or by name when `byName`) and records it. */
export async function storeDashboard(tx: ChangeTx, input: { id?: string | null; name: string; blocks: DashboardBlock[] }): Promise<Dashboard> {
  const current = input.id ? await getDashboard(tx.sql, tx.tenantId, input.id) : null;
  if (input.id && !current) throw new PlatformError('NOT_FOUND', `No dashboard ${input.id}`, { details: [{ pointer: '/id', message: 'not found' }] });
  let row;
  try {
    [row] = current
      ? await tx.sql.query<any>(`update tessera.dashboards set name = $3, blocks = $4, updated_by = $5, updated_at = now() where tenant_id = $1 and id = $2 returning ${COLUMNS}`,
        [tx.tenantId, current.id, input.name, JSON.stringify(input.blocks), tx.actor.userId])
      : await tx.sql.query<any>(`insert into tessera.dashboards (tenant_id, name, blocks, created_by, updated_by) values ($1, $2, $3, $4, $4) returning ${COLUMNS}`,
        [tx.tenantId, input.name, JSON.stringify(input.blocks), tx.actor.userId]);
  } catch (error) {
    throw taken(error, input.name);
  }
  const dashboard = toDashboard(row);
  tx.record({ kind: 'dashboard', action: current ? 'updateDashboard' : 'createDashboard', target: dashboard.name, before: current ? described(current) : null, after: described(dashboard) });
  return dashboard;
}

export async function removeDashboard(tx: ChangeTx, id: string): Promise<void> {
  const current = await getDashboard(tx.sql, tx.tenantId, id);
  if (!current) throw new PlatformError('NOT_FOUND', `No dashboard ${id}`);
  await tx.sql.query('delete from tessera.dashboards where tenant_id = $1 and id = $2', [tx.tenantId, id]);
  tx.record({ kind: 'dashboard', action: 'deleteDashboard', target: current.name, before: described(current), after: null });
}
