// Roles, the permission catalogue, and the sites grants can be scoped to.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createRoleRequestSchema,
  permissionCatalogueResponseSchema,
  roleIdParamsSchema,
  roleListResponseSchema,
  roleViewSchema,
  siteListResponseSchema,
  updateRoleRequestSchema,
} from '@admit/contracts';
import {
  createRole,
  deleteRole,
  listRoles,
  listSites,
  permissionCatalogueView,
  updateRole,
} from '@admit/services';
import { presentRole } from '../presenters';

const tags = ['roles'];

export const roleRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/permissions',
    {
      schema: {
        tags,
        summary: 'The permission catalogue',
        response: { 200: permissionCatalogueResponseSchema },
      },
    },
    () => permissionCatalogueView(),
  );

  app.get(
    '/api/v1/roles',
    {
      config: { permission: 'users.read' },
      schema: {
        tags,
        summary: 'Roles with their permissions (the matrix)',
        response: { 200: roleListResponseSchema },
      },
    },
    async (request) => ({ roles: (await listRoles(request.serviceContext())).map(presentRole) }),
  );

  app.post(
    '/api/v1/roles',
    {
      config: { permission: 'roles.manage' },
      schema: {
        tags,
        summary: 'Create a custom role',
        body: createRoleRequestSchema,
        response: { 201: roleViewSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(presentRole(await createRole(request.serviceContext(), request.body))),
  );

  app.patch(
    '/api/v1/roles/:id',
    {
      config: { permission: 'roles.manage' },
      schema: {
        tags,
        summary: 'Edit a custom role',
        params: roleIdParamsSchema,
        body: updateRoleRequestSchema,
        response: { 200: roleViewSchema },
      },
    },
    async (request) =>
      presentRole(await updateRole(request.serviceContext(), request.params.id, request.body)),
  );

  app.delete(
    '/api/v1/roles/:id',
    {
      config: { permission: 'roles.manage' },
      schema: {
        tags,
        summary: 'Delete a custom role nobody holds',
        params: roleIdParamsSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deleteRole(request.serviceContext(), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/sites',
    {
      schema: {
        tags: ['sites'],
        summary: 'Sites (for grant scopes and site pickers)',
        response: { 200: siteListResponseSchema },
      },
    },
    async (request) => ({ sites: await listSites(request.serviceContext()) }),
  );
};
