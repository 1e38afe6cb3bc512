// Scaffold: the finance issue fills this in.
export {};
