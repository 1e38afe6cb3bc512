// What went out by SMS and email (apps/server/src/routes/notifications.ts): a site's notifications,
// newest first and optionally of one status, with the recipient masked; and the log channel's messages
// (development and training) as the phone or inbox shows them. The schemas the server declares inline
// are mirrored here.
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { apiGet } from '../../api/client';
import { withQuery } from '../../api/query-string';

export const notificationStatuses = ['failed', 'pending', 'sent'] as const;
export type NotificationStatus = (typeof notificationStatuses)[number];

export const notificationTemplates = [
  'one_time_code',
  'e_ticket',
  'refund',
  'cancellation',
  'daily_summary',
] as const;
export type NotificationTemplate = (typeof notificationTemplates)[number];

/** The sending services the server names (packages/services/src/notify). */
export const notificationProviders = ['log', 'aliyun-sms', 'tencent-sms', 'smtp'] as const;
export type NotificationProvider = (typeof notificationProviders)[number];

const channelSchema = z.enum(['sms', 'email']);

export const notificationSchema = z.object({
  id: z.uuid(),
  orderId: z.uuid().nullable(),
  channel: channelSchema,
  template: z.string(),
  /** Masked: 138****0000, a***@example.com. */
  recipient: z.string(),
  status: z.enum(notificationStatuses),
  attempts: z.number().int(),
  provider: z.string().nullable(),
  lastErrorCode: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;

export const loggedMessageSchema = z.object({
  id: z.string(),
  at: z.string(),
  kind: channelSchema,
  to: z.string(),
  template: z.string(),
  locale: z.string(),
  subject: z.string().nullable(),
  text: z.string(),
});
export type LoggedMessage = z.infer<typeof loggedMessageSchema>;

const notificationLogSchema = z.object({ enabled: z.boolean(), messages: z.array(loggedMessageSchema) });

/** Everything cached on this page, to refresh at once. */
export const notificationsQueryKey = ['notifications'] as const;

export function siteNotificationsQuery(
  siteId: string,
  filter: { status: NotificationStatus | undefined; limit: number },
) {
  return queryOptions({
    queryKey: [...notificationsQueryKey, 'site', siteId, filter.status ?? 'all', filter.limit],
    queryFn: ({ signal }) =>
      apiGet(
        withQuery(`/api/v1/sites/${siteId}/notifications`, { status: filter.status, limit: filter.limit }),
        z.array(notificationSchema),
        { signal },
      ),
  });
}

/** The log channel's messages on this server, newest first; `enabled` false when it is not in use. */
export function notificationLogQuery(to: string) {
  return queryOptions({
    queryKey: [...notificationsQueryKey, 'log', to],
    queryFn: ({ signal }) =>
      apiGet(withQuery('/api/v1/notifications/log', { to }), notificationLogSchema, { signal }),
    // The card stays (with what is typed in its filter) while another recipient's messages load.
    placeholderData: keepPreviousData,
  });
}

export function isKnownTemplate(template: string): template is NotificationTemplate {
  return (notificationTemplates as readonly string[]).includes(template);
}

export function isKnownProvider(provider: string): provider is NotificationProvider {
  return (notificationProviders as readonly string[]).includes(provider);
}
