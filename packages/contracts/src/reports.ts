// Scaffold: the reports issue fills this in.
export {};
