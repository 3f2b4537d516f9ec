import { Migration } from '@mikro-orm/migrations';
import { eventTablesSql, subscribersTableSql } from '../../../events/tables.ts';
import { timerIndexSql, timerTablesSql } from '../../../timers/tables.ts';

/**
 * Change events and timers: the registry of event subscribers, the system index of tenants' next
 * due timers (and the system's own timers), and in every existing tenant schema the outbox, event log, subscriber cursors and
 * timers tables (new tenants get them from tenant-tables.ts).
 */
export class Migration0010KernelRuntime extends Migration {
  override name = '0010-kernel-runtime';

  override async up(): Promise<void> {
    for (const sql of [...timerIndexSql(), ...subscribersTableSql()]) this.addSql(sql);
    const tenants = (await this.execute('select schema_name from tessera.tenants')) as { schema_name: string }[];
    for (const { schema_name: schema } of tenants) {
      for (const sql of [...eventTablesSql(schema), ...timerTablesSql(schema)]) this.addSql(sql);
    }
  }
}
