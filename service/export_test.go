package service

// NewWithDB is newWithDB, for the tests.
var NewWithDB = newWithDB
