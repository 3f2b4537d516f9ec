import { Migration0001SystemModel } from './0001-system-model.ts';
import { Migration0002Security } from './0002-security.ts';
import { Migration0003Scripts } from './0003-scripts.ts';
import { Migration0004ListViews } from './0004-list-views.ts';
import { Migration0005Dashboards } from './0005-dashboards.ts';
import { Migration0006ShareSync } from './0006-share-sync.ts';
import { Migration0007CredentialIssuers } from './0007-credential-issuers.ts';
import { Migration0008CaseInsensitiveUnique } from './0008-case-insensitive-unique.ts';
import { Migration0009ConfigurationKinds } from './0009-configuration-kinds.ts';
import { Migration0010KernelRuntime } from './0010-kernel-runtime.ts';
import { Migration0011Plugins } from './0011-plugins.ts';
import { Migration0012Search } from './0012-search.ts';
import { Migration0013DuplicateKeys } from './0013-duplicate-keys.ts';
import { Migration0014TenantKeys } from './0014-tenant-keys.ts';
import { Migration0015Packages } from './0015-packages.ts';
import { Migration0016InstalledPackages } from './0016-installed-packages.ts';

/** Every system migration, in order. Listed explicitly (no file globbing), so the order is in code review. */
export const SYSTEM_MIGRATIONS = [
  { name: '0001-system-model', class: Migration0001SystemModel },
  { name: '0002-security', class: Migration0002Security },
  { name: '0003-scripts', class: Migration0003Scripts },
  { name: '0004-list-views', class: Migration0004ListViews },
  { name: '0005-dashboards', class: Migration0005Dashboards },
  { name: '0006-share-sync', class: Migration0006ShareSync },
  { name: '0007-credential-issuers', class: Migration0007CredentialIssuers },
  { name: '0008-case-insensitive-unique', class: Migration0008CaseInsensitiveUnique },
  { name: '0009-configuration-kinds', class: Migration0009ConfigurationKinds },
  { name: '0010-kernel-runtime', class: Migration0010KernelRuntime },
  { name: '0011-plugins', class: Migration0011Plugins },
  { name: '0012-search', class: Migration0012Search },
  { name: '0013-duplicate-keys', class: Migration0013DuplicateKeys },
  { name: '0014-tenant-keys', class: Migration0014TenantKeys },
  { name: '0015-packages', class: Migration0015Packages },
  { name: '0016-installed-packages', class: Migration0016InstalledPackages },
];
