package ldcontext

//go:generate go run ./internal/gen
