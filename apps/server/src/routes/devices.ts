// Gate devices: an admin registers one for a gate (a QR code with a one-time code), the device
// exchanges the code for its token, and runs the gate screen under it; a lost device is revoked.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { siteIdParamsSchema } from '@admit/contracts';
import {
  completeDeviceRegistration,
  createDeviceRegistration,
  describeDevice,
  listDevices,
  revokeDevice,
  type DeviceRecord,
} from '@admit/services';

const tags = ['devices'];

const deviceSchema = z.object({
  id: z.uuid(),
  siteId: z.uuid(),
  gateId: z.uuid(),
  name: z.string(),
  status: z.enum(['pending', 'active', 'revoked']),
  registeredAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
});

const present = (d: DeviceRecord) => ({
  ...d,
  registeredAt: d.registeredAt?.toISOString() ?? null,
  revokedAt: d.revokedAt?.toISOString() ?? null,
  lastSeenAt: d.lastSeenAt?.toISOString() ?? null,
});

export const deviceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/v1/sites/:siteId/devices',
    {
      schema: {
        tags,
        summary: 'Start registering a gate device: the QR code to show it (valid 10 minutes)',
        params: siteIdParamsSchema,
        body: z.object({ gateId: z.uuid(), name: z.string().trim().min(1).max(60) }),
        response: {
          201: z.object({
            device: deviceSchema,
            registrationCode: z.string(),
            expiresAt: z.string(),
            registrationUrl: z.string(),
          }),
        },
      },
    },
    async (request, reply) => {
      const started = await createDeviceRegistration(
        request.serviceContext(),
        request.params.siteId,
        request.body,
      );
      reply.code(201);
      return {
        device: present(started.device),
        registrationCode: started.registrationCode,
        expiresAt: started.expiresAt.toISOString(),
        // What the device's camera reads: the gate screen's address with the code in the fragment (never
        // sent to a server, so it stays out of access logs). Any phone camera opens it.
        registrationUrl: `${app.deps.config.publicUrl}/gate#register=${started.registrationCode}`,
      };
    },
  );

  app.get(
    '/api/v1/sites/:siteId/devices',
    {
      schema: {
        tags,
        summary: 'The gate devices of a site',
        params: siteIdParamsSchema,
        response: { 200: z.array(deviceSchema) },
      },
    },
    async (request) => (await listDevices(request.serviceContext(), request.params.siteId)).map(present),
  );

  app.post(
    '/api/v1/sites/:siteId/devices/:deviceId/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke a lost gate device: its token stops working at once',
        params: z.object({ siteId: z.uuid(), deviceId: z.uuid() }),
        response: { 200: deviceSchema },
      },
    },
    async (request) =>
      present(await revokeDevice(request.serviceContext(), request.params.siteId, request.params.deviceId)),
  );

  app.post(
    '/api/v1/devices/register',
    {
      schema: {
        tags,
        summary: 'A device exchanges its one-time registration code for its token (shown once)',
        body: z.object({ code: z.string().trim().min(10).max(100) }),
        response: { 201: z.object({ device: deviceSchema, token: z.string() }) },
      },
      config: { public: true },
    },
    async (request, reply) => {
      const { device, token } = await completeDeviceRegistration(request.serviceContext(), request.body.code);
      reply.code(201);
      return { device: present(device), token };
    },
  );

  app.get(
    '/api/v1/devices/me',
    {
      schema: {
        tags,
        summary: 'The calling device: its site and gate',
        response: {
          200: z.object({
            deviceId: z.uuid(),
            name: z.string(),
            siteId: z.uuid(),
            siteNameZh: z.string(),
            siteNameEn: z.string(),
            gateId: z.uuid(),
            gateCode: z.string(),
            gateNameZh: z.string(),
            gateNameEn: z.string(),
            gateDirection: z.enum(['entry', 'exit', 'both']),
          }),
        },
      },
    },
    async (request) => describeDevice(request.serviceContext()),
  );
};
