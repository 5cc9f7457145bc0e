package service

// NewWithDB is newWithDB, for the tests.
var NewWithDB = newWithDB

// LoadSecret is loadSecret, for the tests.
var LoadSecret = loadSecret
