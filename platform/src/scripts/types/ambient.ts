/**
 * What `ctx` offers inside the sandbox, written against `TesseraObjects` (object name → record
 * type). The generic declarations (every object a loose record) and a tenant's typed ones share it.
 */
export const CTX_DECLARATIONS = `
type TesseraRecord = Record<string, any>;
type ObjectName = Extract<keyof TesseraObjects, string>;
type RecordOf<K extends string> = K extends keyof TesseraObjects ? TesseraObjects[K] : TesseraRecord;
/** What a write takes: any subset of the record's fields. */
type RecordInput<K extends string> = Partial<RecordOf<K>>;
interface TesseraFindArgs { filter?: Record<string, any>; orderBy?: Record<string, string>[] | Record<string, string>; first?: number }
interface TesseraAggregateArgs { filter?: Record<string, any>; groupBy?: (string | Record<string, any>)[] }
/** allowDuplicates: keep records that WARN duplicate rules find duplicates of (BLOCK rules still refuse). */
interface TesseraWriteOptions { allowDuplicates?: boolean }
interface TesseraDb {
  get<K extends ObjectName>(object: K, id: string): Promise<RecordOf<K> | null>;
  find<K extends ObjectName>(object: K, args?: TesseraFindArgs): Promise<RecordOf<K>[]>;
  create<K extends ObjectName>(object: K, data: RecordInput<K>, options?: TesseraWriteOptions): Promise<RecordOf<K>>;
  create<K extends ObjectName>(object: K, data: RecordInput<K>[], options?: TesseraWriteOptions): Promise<RecordOf<K>[]>;
  update<K extends ObjectName>(object: K, id: string, data: RecordInput<K>, options?: TesseraWriteOptions): Promise<RecordOf<K>>;
  delete<K extends ObjectName>(object: K, id: string): Promise<{ id: string }>;
  aggregate<K extends ObjectName>(object: K, args?: TesseraAggregateArgs): Promise<{ key: Record<string, any>; count: number }[]>;
}
interface TesseraContext {
  /** The object the handler runs for. */
  readonly object: string;
  /** The trigger event or action name. */
  readonly event: string;
  readonly user: { readonly id: string; readonly name: string };
  now(): Date;
  log(...args: unknown[]): void;
  db: TesseraDb;
  /** Commands (plugins' and other scripts' actions) on one record, as the caller: \`ctx.commands.run('lead', 'claim', id, {})\`. */
  commands: { run<K extends ObjectName>(object: K, command: string, id: string, input?: unknown): Promise<unknown> };
}
interface TriggerContext<R = TesseraRecord> extends TesseraContext {
  /** The batch: new values (changes in before-triggers are saved); on deletes, the records deleted. */
  records: R[];
  /** Old values on updates and deletes, in batch order. */
  old: R[];
  /** Refuses the save: VALIDATION_FAILED with the pointer /data/<index>/<field>. */
  addError(index: number, field: Extract<keyof R, string>, message: string): void;
}
interface ActionContext<R = TesseraRecord> extends TesseraContext {
  /** The record the action runs on. */
  record: R;
  addError(index: number, field: string, message: string): void;
}
type TriggerHandler<R = TesseraRecord> = (ctx: TriggerContext<R>) => void | Promise<void>;
interface ObjectTriggers<R = TesseraRecord> {
  beforeCreate?: TriggerHandler<R>; beforeUpdate?: TriggerHandler<R>; beforeDelete?: TriggerHandler<R>;
  afterCreate?: TriggerHandler<R>; afterUpdate?: TriggerHandler<R>; afterDelete?: TriggerHandler<R>;
}
type Triggers = { [K in ObjectName]?: ObjectTriggers<RecordOf<K>> };
interface ActionSpec<R = TesseraRecord> { input?: Record<string, any>; run(ctx: ActionContext<R>, args: { id: string; input: any }): unknown }
type Actions = { [K in ObjectName]?: Record<string, ActionSpec<RecordOf<K>>> };
`;

/** Any object name, every record loose: what a script is checked against when no tenant is known. */
export const GENERIC_OBJECTS = `
/** Object API name → its record type. */
interface TesseraObjects { [object: string]: TesseraRecord }
`;
