// Reconciliation (对账) with payment providers: importing a statement, the runs and their items,
// resolving discrepancies, saved column mappings, and the simulator's statement.
export * from './files';
export * from './import';
export * from './mappings';
export * from './queries';
export * from './resolve';
export * from './simulator-statement';
