// Notification templates and sending services in the user's words; one the screen does not know yet
// (added on the server later) shows under its own name rather than not at all.
import type { TFunction } from 'i18next';
import { isKnownProvider, isKnownTemplate } from './notificationsApi';

export function templateText(t: TFunction, template: string): string {
  return isKnownTemplate(template) ? t(`shopAdmin.notifications.templates.${template}`) : template;
}

export function providerText(t: TFunction, provider: string | null): string {
  if (provider === null) return '';
  return isKnownProvider(provider) ? t(`shopAdmin.notifications.providers.${provider}`) : provider;
}
