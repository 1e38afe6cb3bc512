// The online shop's admin screens in English: a site's shop settings, the ticket type's automatic
// refund at expiry, and the SMS and email notifications page. Same keys as shopAdmin.zh-CN.ts (the
// Messages type enforces it).
import type { Messages } from './zh-CN';

export const shopAdminEn: Messages['shopAdmin'] = {
  tab: 'Online shop',
  product: {
    autoRefund: 'Refund automatically when unused at expiry (tickets sold online and through channels)',
    autoRefundHint:
      'Tickets still unused (never scanned at a gate) when their validity ends are refunded to the buyer automatically. Only for tickets sold in the online shop and through channels (travel agencies, the API); tickets sold at the counter are not refunded automatically.',
    autoRefundTag: 'Auto refund at expiry',
  },
  settings: {
    title: 'Online shop settings',
    intro:
      "Visitors book and buy on their phones in the online shop and enter with an e-ticket. These rules apply only to the online shop's sales.",
    readOnly: 'You can view these settings; changing them needs the permission to edit the catalog.',
    saved: 'Online shop settings saved',
    range: 'Enter a whole number from {{min}} to {{max}}',
    rangeOrEmpty: 'Enter a whole number from {{min}} to {{max}}, or leave it empty',
    tooLong: 'At most {{max}} characters',
    sections: {
      shop: 'Online shop',
      limits: 'Purchase limits',
      reservations: 'Cancelling free reservations and no-shows',
      codes: 'E-ticket QR codes',
    },
    enabled: 'Sell online',
    enabledHint:
      'Once on, the site appears in the online shop and visitors can book and buy the ticket types whose sales channels include "Online". Once off, nothing more is sold online; tickets already sold stay valid.',
    link: 'Online shop address',
    linkHint:
      'Put it on the website or in the WeChat account menu, or print it as a QR code at the ticket office.',
    linkAfterSave: 'Once saved, visitors can buy tickets at this address.',
    openLink: 'Open the online shop',
    noticeZh: 'Notice to buyers (Chinese)',
    noticeEn: 'Notice to buyers (English)',
    noticeHint:
      "Shown on the site's page in the online shop: visiting rules, documents to bring, a phone number for questions.",
    perIdDailyLimit: 'Tickets per ID document per day',
    perIdHint: 'One ID document may hold at most {{count}} tickets per visit date (real-name tickets).',
    perIdNone: 'Empty: no limit per ID document.',
    perPhoneDailyLimit: 'Orders per phone number per day',
    perPhoneHint: 'One phone number may place at most {{count}} orders per visit date.',
    perPhoneNone: 'Empty: no limit per phone number.',
    unlimited: 'No limit',
    freeCancelMinutesBefore: 'Free reservations can be cancelled until (minutes before the visit)',
    freeCancelHint:
      "Free reservations (¥0) can be cancelled until {{count}} minutes before the visit (the session's start). Paid tickets are refunded by each ticket type's refund rules.",
    freeCancelHintZero:
      "Free reservations (¥0) can be cancelled any time before the visit (the session's start). Paid tickets are refunded by each ticket type's refund rules.",
    noShowLimit: 'No-shows',
    noShowWindowDays: 'Counted over the last (days)',
    noShowBlockDays: 'No bookings for (days)',
    noShowRule:
      'After {{limit}} reservations not used within {{window}} days, no bookings for {{block}} days.',
    noShowNone: '"No-shows" empty: reservations not used have no consequence.',
    rotatingCodes: 'Rotating QR codes',
    rotatingOn:
      'Rotating QR codes: the e-ticket code changes every {{step}} seconds, so screenshots do not work; gates check the time step with a tolerance of {{tolerance}} steps (about {{seconds}} seconds). Gate devices need an accurate clock.',
    rotatingOff:
      'Off: e-tickets show a fixed QR code, and screenshots or forwarded codes pass the gate too (each ticket still allows only its number of entries).',
    rotationStepSeconds: 'Changes every (seconds)',
    rotationToleranceSteps: 'Tolerance (steps)',
    rotationToleranceHint:
      "Codes this many steps before or after still pass, for a phone's clock that is a little off or a queue.",
  },
  notifications: {
    intro:
      'One-time codes, e-tickets, refund and cancellation notices of online orders. Failed messages are retried automatically; for those that still fail, check the phone number or address and the SMS and email settings, and call the visitor if need be.',
    site: 'Site',
    filter: 'Status',
    filters: {
      all: 'All',
      failed: 'Failed',
      pending: 'Waiting',
      sent: 'Sent',
    },
    failedCount: '{{count}} failed',
    limit: 'Show',
    limitOption: 'Latest {{count}}',
    refresh: 'Refresh',
    empty: 'No notifications',
    emptyFailed: 'No failed notifications',
    columns: {
      createdAt: 'Time',
      channel: 'Channel',
      template: 'Message',
      recipient: 'Recipient',
      status: 'Status',
      attempts: 'Attempts',
      provider: 'Sent through',
      sentAt: 'Sent at',
      error: 'Error',
    },
    channels: {
      sms: 'SMS',
      email: 'Email',
    },
    templates: {
      one_time_code: 'One-time code',
      e_ticket: 'E-ticket',
      refund: 'Refund',
      cancellation: 'Cancellation',
      daily_summary: 'Daily summary',
    },
    statuses: {
      pending: 'Waiting',
      sent: 'Sent',
      failed: 'Failed',
    },
    providers: {
      log: 'Log (nothing sent)',
      'aliyun-sms': 'Alibaba Cloud SMS',
      'tencent-sms': 'Tencent Cloud SMS',
      smtp: 'Mail server (SMTP)',
    },
    log: {
      title: 'Development / training log',
      intro:
        "This server uses the log channel: SMS and email are not sent but kept here, exactly as the visitor's phone or inbox would show them. These are the latest messages of all sites on this server.",
      recipient: 'Recipient',
      recipientPlaceholder: 'Phone number or email',
      search: 'Filter',
      empty: 'No messages yet',
      emptyFor: 'No messages to {{to}}',
      to: 'To {{to}}',
      subject: 'Subject: {{subject}}',
    },
  },
};
