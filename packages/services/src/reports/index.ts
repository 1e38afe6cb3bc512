// Reports (报表): the summary job, the report queries, their exports, the daily summary e-mail.
export * from './summaries';
export * from './queries';
export * from './exports';
export * from './daily-summary';
export * from './jobs';
