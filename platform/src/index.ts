/** The platform's public surface: what the runtime, the SDK/CLI and tests may import. */
export { readConfig, type PlatformConfig } from './config/config.ts';
export { openDatabase, type Database } from './db/database.ts';
export { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded.ts';
export { dataDirState, isTesseraDatabase, type DataDirState } from './db/existing.ts';
export { openPlatform, type Platform, type PlatformOptions } from './platform.ts';
export { systemClock, ManualClock, isManualClock, CLOCK_CHANNEL, type Clock } from './clock/index.ts';
export { settle } from './background/index.ts';
export type { ChangeEvent, Subscriber } from './events/index.ts';
export type { JobContext, JobHandler, JobOptions, EnqueueOptions, JobRun, JobState } from './jobs/index.ts';
export type { TimerSpec } from './timers/index.ts';
export { addBusinessTime, businessTimeBetween, isWorkingTime, nextWorkingStart, loadCalendar, resolveCalendar, cnHoliday, cnMakeUpDay, cnYears, DEFAULT_CALENDAR, type BusinessCalendar, type BusinessCalendarItem } from './calendars/index.ts';
export { startServer, type RunningServer } from './server/start.ts';
export { loadPlugins } from './server/plugins.ts';
export { configItemsOf, definePlugin, documentItems, loadDocumentItems, redactSecrets, SECRET_KEPT, PluginDefinitionError, PluginHost, type Plugin, type PluginSpec, type PluginCommand, type CommandTenant, type PluginQuery, type PluginRoute, type PluginJob, type PluginMigration, type PluginSaveHook, type PluginServices, type PluginPlatform, type PluginSummary, type CommandCall, type QueryCall, type RouteCall, type RouteRequest, type RouteResponse, type StudioSpec, type StudioPage, type StudioBlock, type TimelineSource, type TimelineEntry } from './plugins/index.ts';
export { pullDocument, applyDocument, publishedSchemas, documentSchema, type ConfigDocument } from './kinds/document.ts';
export { rollbackDocument } from './kinds/rollback.ts';
export { KindRegistry } from './kinds/registry.ts';
export * from './packages/index.ts';
export type { MetadataKind, ChangeKind, ItemChange, Reference, StoredReference, DependencyEvent, Dependant, Target } from './kinds/kind.ts';
export { ChangeRunner, readHistory, systemActor, type ChangeTx, type ChangeSpec, type ConfigReader, type HistoryRecord } from './changes/index.ts';
export { createApp } from './http/app.ts';
export { PlatformError, isPlatformError, ERROR_CODES, type ErrorCode, type ErrorDetail } from './errors/index.ts';
export { createTenant, findTenant, listTenants, createApiKey, type CreatedTenant } from './tenancy/index.ts';
export * from './metadata/index.ts';
export { FIELD_TYPES, fieldType, toEnumName, fromEnumName } from './field-types/registry.ts';
export type { FieldType, ColumnSpec, FilterOperator, GraphQLKind, Widget } from './field-types/field-type.ts';
export { uuidv7 } from './util/ids.ts';
export { newStorageKey, type FileStorage } from './files/index.ts';
export { spool, TooLarge, type Spooled } from './files/spool.ts';
export {
  SavePipeline, STEP_ORDER, inTransaction, createRecords, updateRecord, updateMatching, deleteRecords, restoreRecord, upsertRecord, validateRecords, validateCells,
  LocalApi, DEFAULT_LOCAL_API_LIMITS, Tracer,
  type CellChanges, type OperationContext, type Via, type WriteOptions, type SaveHook, type SaveBatch, type TraceStep, type WriteKind, type LocalApiLimits, type LocalApiUsage, type FindArgs, type AggregateArgs,
} from './operations/index.ts';
export {
  saveScript, deleteScript, listScripts, logScriptFailure, listScriptFailures,
  type ScriptingHost, type CompiledScript, type ScriptDiagnostic, type ScriptLanguage, type ScriptSummary, type SaveScriptResult,
} from './scripts/service.ts';
export { scriptTypes, typeNameOf } from './scripts/types/generate.ts';
export type { SchemaModel, ObjectModel } from './model/index.ts';
export { buildModel, limitsFrom, DEFAULT_LIMITS, type ApiLimits, type FieldMeaning } from './model/index.ts';
export {
  verbs, find, get, getMany, aggregate, read, prepareRead, runPrepared, reachableIds, create, update, remove, restore, upsert, runCommand, checkObjectRead,
  type ReadContext, type PreparedRead, type CommandRunner,
} from './operations/index.ts';
export type { ReadRequest, RootRead, GetRequest, ManyRequest, ListRequest, AggregateRequest, RecordSelect, ConnectionSelect, AggregateSelect, ListArgs, Filter } from './query/index.ts';
export { findDuplicates, type FoundDuplicate } from './duplicates/find.ts';
export { matchCandidates, usableRules } from './duplicates/match.ts';
export { columnValues } from './operations/record-values.ts';
export { applyAccess, applyAccessToIds, type AccessMode } from './security/access.ts';
export type { SecurityContext } from './security/model.ts';
export { ModelCache, type TenantModel } from './tenancy/model-cache.ts';
export { checkExpression, compileSql, evaluate, type CheckedExpression, type EvaluationContext } from './expressions/index.ts';
export { parseDuration, addDuration, tenantTimeZone, type Duration } from './clock/index.ts';
export { inflect } from './graphql/inflection.ts';
