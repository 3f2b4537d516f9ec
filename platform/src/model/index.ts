/** The catalog as the API sees it, and the API's limits: the layer every other one reads (see .dependency-cruiser.cjs). */
export { buildModel, withCommands, systemField, SYSTEM_OUTPUT, type FieldMeaning, type ObjectModel, type SchemaModel } from './model.ts';
export { childFilterOf, relationField, relationNames, reverseRelations, QUANTIFIERS, type Junction, type Quantifier, type ReverseRelation } from './relations.ts';
export { DEFAULT_LIMITS, limitExceeded, limitsFrom, type ApiLimits } from './limits.ts';
export { COMMAND_NAME, pluginEnumName, scriptCommands, type CommandModel, type QueryModel, type QueryArg, type EnumArg, type ScalarArg } from './commands.ts';
