import { appKind } from '../apps/kind.ts';
import { dashboardKind } from '../dashboards/kind.ts';
import { duplicateRuleKind } from '../duplicates/kind.ts';
import { listViewKind } from '../list-views/kind.ts';
import { objectKind } from '../metadata/kind.ts';
import type { MetadataEngine } from '../metadata/engine.ts';
import { scriptKind } from '../scripts/kind.ts';
import type { ScriptCompilerHost } from '../scripts/store.ts';
import { API_KEY_KIND, SHARE_KIND, USER_KIND } from '../security/change-kinds.ts';
import { groupKind } from '../security/kinds/groups.ts';
import { permissionSetKind } from '../security/kinds/permission-sets.ts';
import { roleKind } from '../security/kinds/roles.ts';
import { sharingRuleKind } from '../security/kinds/sharing-rules.ts';
import { validationRuleKind } from '../validation/kind.ts';
import type { ChangeKind } from './kind.ts';

/**
 * A package installed, upgraded or uninstalled (packages/install/): one history entry per package,
 * beside the entries of every component it changed. No version of its own: those entries bump them.
 */
export const PACKAGE_KIND: ChangeKind = { name: 'package', versions: [], capability: 'admin' };

/**
 * The platform's own kinds, in document order (plugins register theirs after): objects, the
 * security configuration, list views, dashboards, apps, duplicate rules, validation rules, scripts; and the security changes that are not
 * configuration (users, API keys, shares), which the history records all the same.
 */
export function builtinKinds(platform: ScriptCompilerHost & { engine: MetadataEngine }): ChangeKind[] {
  return [
    objectKind(platform.engine),
    roleKind(),
    permissionSetKind(),
    groupKind(),
    sharingRuleKind(),
    listViewKind(),
    dashboardKind(platform.engine),
    appKind(),
    duplicateRuleKind(platform.engine),
    validationRuleKind(),
    scriptKind(platform),
    USER_KIND, API_KEY_KIND, SHARE_KIND, PACKAGE_KIND,
  ];
}
