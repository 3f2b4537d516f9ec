import type pg from 'pg';
import { PlatformError } from '../errors/index.ts';
import type { ChartBlock } from './validate.ts';

export interface Dashboard {
  id: string;
  name: string;
  blocks: ChartBlock[];
  updatedAt: string;
}

const COLUMNS = 'id, name, blocks, updated_at';
const toDashboard = (r: { id: string; name: string; blocks: ChartBlock[]; updated_at: Date }): Dashboard =>
  ({ id: r.id, name: r.name, blocks: r.blocks, updatedAt: new Date(r.updated_at).toISOString() });

/** Dashboards of one tenant: every statement is scoped by tenant id. */
export async function listDashboards(pool: pg.Pool, tenantId: string): Promise<Dashboard[]> {
  return (await pool.query(`select ${COLUMNS} from tessera.dashboards where tenant_id = $1 order by name, id`, [tenantId])).rows.map(toDashboard);
}

export async function getDashboard(pool: pg.Pool, tenantId: string, id: string): Promise<Dashboard | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const { rows } = await pool.query(`select ${COLUMNS} from tessera.dashboards where tenant_id = $1 and id = $2`, [tenantId, id]);
  return rows[0] ? toDashboard(rows[0]) : null;
}

export async function saveDashboard(pool: pg.Pool, actor: { tenantId: string; userId: string | null }, input: { id?: string | null; name: string; blocks: ChartBlock[] }): Promise<Dashboard> {
  if (input.id) {
    const { rows } = await pool.query(
      `update tessera.dashboards set name = $3, blocks = $4, updated_by = $5, updated_at = now() where tenant_id = $1 and id = $2 returning ${COLUMNS}`,
      [actor.tenantId, input.id, input.name, JSON.stringify(input.blocks), actor.userId]);
    if (!rows[0]) throw new PlatformError('NOT_FOUND', `No dashboard ${input.id}`, { details: [{ pointer: '/id', message: 'not found' }] });
    return toDashboard(rows[0]);
  }
  const { rows } = await pool.query(
    `insert into tessera.dashboards (tenant_id, name, blocks, created_by, updated_by) values ($1, $2, $3, $4, $4) returning ${COLUMNS}`,
    [actor.tenantId, input.name, JSON.stringify(input.blocks), actor.userId]);
  return toDashboard(rows[0]);
}

export async function deleteDashboard(pool: pg.Pool, tenantId: string, id: string): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return false;
  return ((await pool.query('delete from tessera.dashboards where tenant_id = $1 and id = $2', [tenantId, id])).rowCount ?? 0) > 0;
}
