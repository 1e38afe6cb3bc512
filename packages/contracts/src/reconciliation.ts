// Scaffold: the reconciliation issue fills this in.
export {};
