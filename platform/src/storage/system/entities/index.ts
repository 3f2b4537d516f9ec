export { TenantEntity, type Tenant } from './tenant.entity.ts';
export { UserEntity, type User } from './user.entity.ts';
export { ApiKeyEntity, type ApiKey } from './api-key.entity.ts';
export { ObjectDefinitionEntity, type ObjectDefinition, type StoredObject } from './object-definition.entity.ts';
export { FieldDefinitionEntity, type FieldDefinition } from './field-definition.entity.ts';
export { MetadataHistoryEntity, type MetadataHistory } from './metadata-history.entity.ts';
export { RoleEntity, PermissionSetEntity, GroupEntity, SharingRuleEntity, SessionEntity, type Role, type PermissionSet, type Group, type SharingRule, type Session, type ObjectPermission, type FieldPermission } from './security.entity.ts';

import { TenantEntity } from './tenant.entity.ts';
import { UserEntity } from './user.entity.ts';
import { ApiKeyEntity } from './api-key.entity.ts';
import { ObjectDefinitionEntity } from './object-definition.entity.ts';
import { FieldDefinitionEntity } from './field-definition.entity.ts';
import { MetadataHistoryEntity } from './metadata-history.entity.ts';
import { GroupEntity, PermissionSetEntity, RoleEntity, SessionEntity, SharingRuleEntity } from './security.entity.ts';

export const SYSTEM_ENTITIES = [TenantEntity, UserEntity, ApiKeyEntity, ObjectDefinitionEntity, FieldDefinitionEntity, MetadataHistoryEntity, RoleEntity, PermissionSetEntity, GroupEntity, SharingRuleEntity, SessionEntity];
