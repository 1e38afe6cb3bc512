// The permission catalogue, roles (built-in and custom) and sites, for the roles matrix and grants.
import {
  permissionCatalogueResponseSchema,
  roleListResponseSchema,
  roleViewSchema,
  siteListResponseSchema,
  type RoleView,
} from '@admit/contracts';
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import { apiGet, apiRequest, noContent } from './client';

export type { RoleView };
export type PermissionCatalogue = z.infer<typeof permissionCatalogueResponseSchema>;
export type Site = z.infer<typeof siteListResponseSchema>['sites'][number];

export const rolesQueryKey = ['roles'] as const;

export const permissionCatalogueQuery = queryOptions({
  queryKey: ['permissions'],
  queryFn: ({ signal }) => apiGet('/api/v1/permissions', permissionCatalogueResponseSchema, { signal }),
  staleTime: Infinity,
});

export const rolesQuery = queryOptions({
  queryKey: [...rolesQueryKey, 'list'],
  queryFn: ({ signal }) => apiGet('/api/v1/roles', roleListResponseSchema, { signal }).then((r) => r.roles),
});

export const sitesQuery = queryOptions({
  queryKey: ['sites'],
  queryFn: ({ signal }) => apiGet('/api/v1/sites', siteListResponseSchema, { signal }).then((r) => r.sites),
  staleTime: 5 * 60_000,
});

export type RoleInput = {
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
  descriptionEn: string;
  permissions: string[];
};

export function createRole(body: RoleInput & { code: string }) {
  return apiRequest('/api/v1/roles', roleViewSchema, { method: 'POST', body });
}

export function updateRole(id: string, body: RoleInput) {
  return apiRequest(rolePath(id), roleViewSchema, { method: 'PATCH', body });
}

export function deleteRole(id: string) {
  return apiRequest(rolePath(id), noContent, { method: 'DELETE' });
}

function rolePath(id: string): string {
  return `/api/v1/roles/${encodeURIComponent(id)}`;
}
