// 开发/培训日志 — with the log channel (development, the demo, training) nothing leaves the server: the
// messages are kept in memory, and this card shows them as the visitor's phone or inbox would, so a
// trainer can read out the one-time code a "visitor" just received. Shown only when the channel is in
// use; the log is the server's, not a site's.
import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Input, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { templateText } from './notificationLabels';
import { notificationLogQuery, type LoggedMessage } from './notificationsApi';

export function NotificationLog() {
  const { t } = useTranslation();
  const [to, setTo] = useState('');
  const log = useQuery(notificationLogQuery(to));
  // Not in use (or not ours to read): nothing to show.
  if (log.data === undefined || !log.data.enabled) return null;
  const { messages } = log.data;

  return (
    <Card
      title={
        <h2 className="admit-card-heading" id="notification-log-heading">
          {t('shopAdmin.notifications.log.title')}
        </h2>
      }
      data-testid="notification-log"
    >
      <div className="admit-stack">
        <p className="admit-muted admit-small">{t('shopAdmin.notifications.log.intro')}</p>
        <Space wrap>
          <label htmlFor="notification-log-to" className="admit-inline-label">
            {t('shopAdmin.notifications.log.recipient')}
          </label>
          <Input.Search
            id="notification-log-to"
            allowClear
            maxLength={100}
            placeholder={t('shopAdmin.notifications.log.recipientPlaceholder')}
            enterButton={t('shopAdmin.notifications.log.search')}
            onSearch={(value) => setTo(value.trim())}
            className="admit-input-medium"
          />
        </Space>
        {messages.length === 0 ? (
          <Empty
            description={
              to === ''
                ? t('shopAdmin.notifications.log.empty')
                : t('shopAdmin.notifications.log.emptyFor', { to })
            }
          />
        ) : (
          <ol className="admit-plain-list admit-stack" aria-labelledby="notification-log-heading">
            {messages.map((message) => (
              <li key={message.id}>
                <LoggedMessageCard message={message} />
              </li>
            ))}
          </ol>
        )}
      </div>
    </Card>
  );
}

function LoggedMessageCard({ message }: { message: LoggedMessage }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  return (
    <Card size="small" data-testid={`logged-${message.id}`}>
      <Space wrap size={[8, 4]}>
        <Tag>{t(`shopAdmin.notifications.channels.${message.kind}`)}</Tag>
        <Typography.Text strong>{templateText(t, message.template)}</Typography.Text>
        <span>{t('shopAdmin.notifications.log.to', { to: message.to })}</span>
        <time dateTime={message.at} className="admit-muted">
          {formatDateTime(message.at, locale)}
        </time>
      </Space>
      {message.subject === null ? null : (
        <Typography.Paragraph strong>
          {t('shopAdmin.notifications.log.subject', { subject: message.subject })}
        </Typography.Paragraph>
      )}
      <pre className="admit-json" lang={message.locale}>
        {message.text}
      </pre>
    </Card>
  );
}
