/** The ambient declarations scripts are type-checked against (what `ctx` offers inside the sandbox). */
export const AMBIENT = `
type TesseraRecord = Record<string, any>;
interface TesseraFindArgs { filter?: Record<string, any>; orderBy?: Record<string, string>[] | Record<string, string>; first?: number }
interface TesseraAggregateArgs { filter?: Record<string, any>; groupBy?: (string | Record<string, any>)[] }
interface TesseraDb {
  get(object: string, id: string): Promise<TesseraRecord | null>;
  find(object: string, args?: TesseraFindArgs): Promise<TesseraRecord[]>;
  create(object: string, data: TesseraRecord): Promise<TesseraRecord>;
  create(object: string, data: TesseraRecord[]): Promise<TesseraRecord[]>;
  update(object: string, id: string, data: TesseraRecord): Promise<TesseraRecord>;
  delete(object: string, id: string): Promise<{ id: string }>;
  aggregate(object: string, args?: TesseraAggregateArgs): Promise<{ key: Record<string, any>; count: number }[]>;
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
}
interface TriggerContext extends TesseraContext {
  /** The batch: new values (changes in before-triggers are saved); on deletes, the records deleted. */
  records: TesseraRecord[];
  /** Old values on updates and deletes, in batch order. */
  old: TesseraRecord[];
  /** Refuses the save: VALIDATION_FAILED with the pointer /data/<index>/<field>. */
  addError(index: number, field: string, message: string): void;
}
interface ActionContext extends TesseraContext {
  /** The record the action runs on. */
  record: TesseraRecord;
  addError(index: number, field: string, message: string): void;
}
type TriggerHandler = (ctx: TriggerContext) => void | Promise<void>;
interface ObjectTriggers {
  beforeCreate?: TriggerHandler; beforeUpdate?: TriggerHandler; beforeDelete?: TriggerHandler;
  afterCreate?: TriggerHandler; afterUpdate?: TriggerHandler; afterDelete?: TriggerHandler;
}
type Triggers = Record<string, ObjectTriggers>;
interface ActionSpec { input?: Record<string, any>; run(ctx: ActionContext, args: { id: string; input: any }): unknown }
type Actions = Record<string, Record<string, ActionSpec>>;
`;
