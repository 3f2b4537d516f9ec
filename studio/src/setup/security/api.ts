import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { metadataApi } from '../../api/graphql.ts';

export interface UserRow {
  id: string; email: string; name: string; locale: string; isActive: boolean; isAdmin: boolean; role: string | null;
  manager: { id: string; name: string } | null;
}
export interface ObjectPermission { object: string; read: boolean; create: boolean; update: boolean; delete: boolean; viewAll: boolean; modifyAll: boolean }
export interface FieldPermission { object: string; field: string; read: boolean; update: boolean }
export interface Grants { objectPermissions: ObjectPermission[]; fieldPermissions: FieldPermission[]; capabilities: string[] }
export interface RoleRow extends Grants { id: string; name: string; parent: { name: string } | null }
export interface PermissionSetRow extends Grants { id: string; name: string }
export interface GroupRow { id: string; name: string; members: { type: string; id: string }[] }
export interface SharingRuleRow { id: string; object: string; name: string | null; filter: Record<string, unknown>; shareWith: Record<string, string>; access: string }
export interface ApiKeyRow { id: string; name: string; prefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }

const GRANTS = 'objectPermissions { object read create update delete viewAll modifyAll } fieldPermissions { object field read update } capabilities';

export const securityKeys = {
  users: ['security', 'users'] as const,
  roles: ['security', 'roles'] as const,
  permissionSets: ['security', 'permissionSets'] as const,
  groups: ['security', 'groups'] as const,
  rules: ['security', 'rules'] as const,
  apiKeys: (user: string) => ['security', 'apiKeys', user] as const,
};

export function useUsers() {
  return useQuery({
    queryKey: securityKeys.users,
    queryFn: async () => (await metadataApi<{ users: UserRow[] }>('{ users { id email name locale isActive isAdmin role manager { id name } } }')).users,
  });
}

export function useRoles() {
  return useQuery({
    queryKey: securityKeys.roles,
    queryFn: async () => (await metadataApi<{ roles: RoleRow[] }>(`{ roles { id name parent { name } ${GRANTS} } }`)).roles,
  });
}

export function usePermissionSets() {
  return useQuery({
    queryKey: securityKeys.permissionSets,
    queryFn: async () => (await metadataApi<{ permissionSets: PermissionSetRow[] }>(`{ permissionSets { id name ${GRANTS} } }`)).permissionSets,
  });
}

export function useGroups() {
  return useQuery({
    queryKey: securityKeys.groups,
    queryFn: async () => (await metadataApi<{ groups: GroupRow[] }>('{ groups { id name members } }')).groups,
  });
}

export function useSharingRules() {
  return useQuery({
    queryKey: securityKeys.rules,
    queryFn: async () => (await metadataApi<{ sharingRules: SharingRuleRow[] }>('{ sharingRules { id object name filter shareWith access } }')).sharingRules,
  });
}

export function useApiKeys(user: string) {
  return useQuery({
    queryKey: securityKeys.apiKeys(user),
    queryFn: async () => (await metadataApi<{ apiKeys: ApiKeyRow[] }>('query($user: ID) { apiKeys(user: $user) { id name prefix createdAt lastUsedAt revokedAt } }', { user })).apiKeys,
  });
}

/** A /metadata mutation that refetches the security lists it changes. */
export function useSecurityMutation<V extends Record<string, unknown>, R = unknown>(document: string, invalidates: readonly (readonly string[])[]) {
  const client = useQueryClient();
  return useMutation<R, Error, V>({
    mutationFn: (variables) => metadataApi<R>(document, variables),
    onSuccess: async () => {
      await Promise.all(invalidates.map((queryKey) => client.invalidateQueries({ queryKey })));
    },
  });
}

/** Grants as the mutations take them (no __typename, nothing else). */
export function grantInput(g: Grants): Grants {
  return {
    objectPermissions: g.objectPermissions.map(({ object, read, create, update, delete: del, viewAll, modifyAll }) => ({ object, read, create, update, delete: del, viewAll, modifyAll })),
    fieldPermissions: g.fieldPermissions.map(({ object, field, read, update }) => ({ object, field, read, update })),
    capabilities: g.capabilities,
  };
}
