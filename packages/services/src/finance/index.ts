// Finance: the day's rows (day-rows.ts, movements.ts), daily settlement and its adjustments, the chart
// of accounts, accounting vouchers and their export to the ledgers.
export * from './movements';
export * from './day-rows';
export * from './site-day';
export * from './settlements';
export * from './adjustments';
export * from './chart';
export * from './vouchers';
export * from './voucher-export';
