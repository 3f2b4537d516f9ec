import { deleteScript, listScriptFailures, listScripts, saveScript, type SaveScriptResult, type ScriptDiagnostic, type ScriptSummary } from '../../scripts/service.ts';
import { loadCatalog } from '../../metadata/index.ts';
import { scriptTypes } from '../../scripts/types/generate.ts';
import { builder, type MetadataContext } from './builder.ts';
import { actorOf, requireAdmin, requireCapability } from './capabilities.ts';

const LanguageEnum = builder.enumType('ScriptLanguage', { values: ['TS', 'JS'] as const });

const DiagnosticRef = builder.objectRef<ScriptDiagnostic>('ScriptDiagnostic').implement({
  description: 'A syntax or type error (or warning) of a script, at a line and column of its source (1-based).',
  fields: (t) => ({
    line: t.exposeInt('line'),
    column: t.exposeInt('column'),
    message: t.exposeString('message'),
    severity: t.exposeString('severity'),
  }),
});

const SaveScriptResultRef = builder.objectRef<SaveScriptResult>('SaveScriptResult').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    version: t.exposeInt('version'),
    active: t.exposeBoolean('active', { description: 'false: the version has errors; it was stored but not activated.' }),
    message: t.exposeString('message'),
    diagnostics: t.field({ type: [DiagnosticRef], resolve: (r) => r.diagnostics }),
  }),
});

const ScriptRef = builder.objectRef<ScriptSummary>('Script').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    version: t.exposeInt('version', { description: 'The newest version.' }),
    activeVersion: t.exposeInt('activeVersion', { nullable: true }),
    active: t.exposeBoolean('active', { description: 'Whether the newest version is the active one.' }),
    language: t.exposeString('language'),
    source: t.exposeString('source'),
    handlers: t.field({ type: 'JSON', resolve: (s) => s.handlers }),
    diagnostics: t.field({ type: [DiagnosticRef], resolve: (s) => s.diagnostics }),
    updatedAt: t.exposeString('updatedAt'),
  }),
});

const SaveScriptInput = builder.inputType('SaveScriptInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    language: t.field({ type: LanguageEnum, required: false, description: 'Defaults to TS.' }),
    source: t.string({ required: true }),
  }),
});

/**
 * Scripts run with the rights of whoever triggers them (an administrator's write runs a trigger as
 * the administrator), so writing or removing one is acting with everyone's rights: administrators only.
 */
function requireScriptAuthor(ctx: MetadataContext): void {
  requireCapability(ctx, 'manageMetadata');
  requireAdmin(ctx, 'save or delete scripts: a script runs with the rights of whoever triggers it');
}


builder.queryFields((t) => ({
  scripts: t.field({
    type: [ScriptRef],
    resolve: (_root, _args, ctx) => {
      requireCapability(ctx, 'manageMetadata');
      return listScripts(ctx.platform.pool, ctx.principal.tenantId);
    },
  }),
  scriptTypes: t.string({
    description: 'The TypeScript declarations scripts are checked against: an interface per object with typed fields, and the ctx API (a .d.ts).',
    resolve: async (_root, _args, ctx) => {
      requireCapability(ctx, 'manageMetadata');
      const catalog = await loadCatalog(ctx.platform.sql, ctx.principal.tenantId);
      return scriptTypes([...catalog.objects.values()].map((o) => o.definition));
    },
  }),
  scriptFailures: t.field({
    type: 'JSON',
    description: 'The latest failed script runs, each with its error and the save pipeline trace up to the failure.',
    args: { first: t.arg.int() },
    resolve: (_root, args, ctx) => {
      requireCapability(ctx, 'manageMetadata');
      return listScriptFailures(ctx.platform.pool, ctx.principal.tenantId, args.first ?? 100);
    },
  }),
}));

builder.mutationFields((t) => ({
  saveScript: t.field({
    type: SaveScriptResultRef,
    args: { input: t.arg({ type: SaveScriptInput, required: true }) },
    resolve: (_root, args, ctx) => {
      requireScriptAuthor(ctx);
      return saveScript(ctx.platform, ctx.principal.tenantId, actorOf(ctx), { name: args.input.name, language: args.input.language ?? 'TS', source: args.input.source });
    },
  }),
  deleteScript: t.boolean({
    args: { name: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => {
      requireScriptAuthor(ctx);
      return deleteScript(ctx.platform, ctx.principal.tenantId, actorOf(ctx), args.name);
    },
  }),
}));
