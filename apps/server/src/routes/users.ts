// User management (security administrators).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  createUserRequestSchema,
  createUserResponseSchema,
  resetPasswordResponseSchema,
  revealPhoneResponseSchema,
  setUserGrantsRequestSchema,
  updateUserRequestSchema,
  userIdParamsSchema,
  userListQuerySchema,
  userListResponseSchema,
  userSummarySchema,
} from '@admit/contracts';
import {
  createUser,
  getUser,
  listUsers,
  resetUserPassword,
  revealUserPhone,
  setUserGrants,
  setUserStatus,
  unlockUser,
  updateUser,
} from '@admit/services';
import { presentUser } from '../presenters';

const tags = ['users'];

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/users',
    {
      config: { permission: 'users.read' },
      schema: {
        tags,
        summary: 'List users',
        querystring: userListQuerySchema,
        response: { 200: userListResponseSchema },
      },
    },
    async (request) => ({
      users: (await listUsers(request.serviceContext(), request.query)).map(presentUser),
    }),
  );

  app.post(
    '/api/v1/users',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags,
        summary: 'Create a user with a one-time password',
        body: createUserRequestSchema,
        response: { 201: createUserResponseSchema },
      },
    },
    async (request, reply) => {
      const { user, temporaryPassword } = await createUser(request.serviceContext(), {
        loginName: request.body.loginName,
        displayName: request.body.displayName,
        ...(request.body.phone ? { phone: request.body.phone } : {}),
        grants: request.body.grants,
      });
      return reply.code(201).send({ user: presentUser(user), temporaryPassword });
    },
  );

  app.get(
    '/api/v1/users/:id',
    {
      config: { permission: 'users.read' },
      schema: { tags, summary: 'One user', params: userIdParamsSchema, response: { 200: userSummarySchema } },
    },
    async (request) => presentUser(await getUser(request.serviceContext(), request.params.id)),
  );

  app.patch(
    '/api/v1/users/:id',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags,
        summary: 'Change a user’s name or phone',
        params: userIdParamsSchema,
        body: updateUserRequestSchema,
        response: { 200: userSummarySchema },
      },
    },
    async (request) =>
      presentUser(await updateUser(request.serviceContext(), request.params.id, request.body)),
  );

  for (const [action, status] of [
    ['disable', 'disabled'],
    ['enable', 'active'],
  ] as const) {
    app.post(
      `/api/v1/users/:id/${action}`,
      {
        config: { permission: 'users.manage' },
        schema: {
          tags,
          summary: `${action} a user`,
          params: userIdParamsSchema,
          response: { 200: userSummarySchema },
        },
      },
      async (request) =>
        presentUser(await setUserStatus(request.serviceContext(), request.params.id, status)),
    );
  }

  app.post(
    '/api/v1/users/:id/unlock',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags,
        summary: 'Lift a login lockout',
        params: userIdParamsSchema,
        response: { 200: userSummarySchema },
      },
    },
    async (request) => presentUser(await unlockUser(request.serviceContext(), request.params.id)),
  );

  app.post(
    '/api/v1/users/:id/reset-password',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags,
        summary: 'Give a user a new one-time password',
        params: userIdParamsSchema,
        response: { 200: resetPasswordResponseSchema },
      },
    },
    async (request) => resetUserPassword(request.serviceContext(), request.params.id),
  );

  app.put(
    '/api/v1/users/:id/roles',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags,
        summary: 'Replace a user’s role grants',
        params: userIdParamsSchema,
        body: setUserGrantsRequestSchema,
        response: { 200: userSummarySchema },
      },
    },
    async (request) =>
      presentUser(await setUserGrants(request.serviceContext(), request.params.id, request.body.grants)),
  );

  app.get(
    '/api/v1/users/:id/phone',
    {
      config: { permission: 'pii.read' },
      schema: {
        tags,
        summary: 'The full phone number (audited)',
        params: userIdParamsSchema,
        response: { 200: revealPhoneResponseSchema },
      },
    },
    async (request) => ({ phone: await revealUserPhone(request.serviceContext(), request.params.id) }),
  );
};
