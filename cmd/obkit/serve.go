package main

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/obkit/obkit/keys"
	"github.com/obkit/obkit/service"
)

func init() { commands["serve"] = (*env).serve }

// serve runs the VC-API service (package service) until interrupted.
func (e *env) serve(ctx context.Context, args []string) error {
	fs := newFlags("serve")
	addr := fs.String("addr", "localhost:8080", "`HOST:PORT` to listen on (port 0: any free port, printed)")
	data := fs.String("data", "obkit-data", "`DIR` of the embedded state: the SQLite database and the issuer key, made on first start")
	configFile := fs.String("config", "", "JSON configuration `FILE` (see package service's Config): database, key, did:web, auth, TLS, limits")
	operands, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(operands) > 0 {
		return usagef("serve takes no operands")
	}
	cfg := &service.Config{}
	if *configFile != "" {
		if cfg, err = service.LoadConfig(*configFile); err != nil {
			return err
		}
	}
	if cfg.Database == "" || (cfg.KeyFile == "" && cfg.Signer == nil) {
		if err := os.MkdirAll(*data, 0o700); err != nil {
			return fmt.Errorf("data directory: %w", err)
		}
	}
	if cfg.Database == "" {
		cfg.Database = filepath.Join(*data, "obkit.db")
	}
	if cfg.KeyFile == "" {
		cfg.KeyFile = filepath.Join(*data, "issuer-key.json")
		if err := ensureKey(cfg.KeyFile); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	if cfg.BaseURL == "" {
		scheme := "http"
		if cfg.TLS != nil {
			scheme = "https"
		}
		host, port, _ := net.SplitHostPort(*addr)
		_, realPort, _ := net.SplitHostPort(ln.Addr().String())
		if port == "0" || port == "" {
			port = realPort
		}
		if host == "" || host == "0.0.0.0" || host == "::" {
			host = "localhost"
		}
		cfg.BaseURL = scheme + "://" + net.JoinHostPort(host, port)
	}
	cfg.Logger = slog.New(slog.NewTextHandler(e.stderr, nil))
	// The service serves the verification page (package service/webui) at
	// "/" and, when the configuration enables it, the OB 3.0 API (package
	// obapi) under "/ims/ob/v3p0/", whose secret is made on first start in
	// the data directory unless the configuration names a file.
	if o := cfg.OBAPI; o != nil && o.Enabled && o.SecretFile == "" && o.Secret == nil {
		if err := os.MkdirAll(*data, 0o700); err != nil {
			return fmt.Errorf("data directory: %w", err)
		}
		o.SecretFile = filepath.Join(*data, "obapi-secret")
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	svc, err := service.New(ctx, *cfg)
	if err != nil {
		return err
	}
	defer svc.Close()
	fmt.Fprintf(e.stderr, "obkit: serving %s on %s (issuer %s)\n", cfg.BaseURL, ln.Addr(), svc.Issuer())
	err = svc.Serve(ctx, ln)
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// ensureKey makes an Ed25519 issuer key (a did:key) at name, readable by
// its owner only, unless a file is there already.
func ensureKey(name string) error {
	if _, err := os.Stat(name); err == nil {
		return nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fileError("key file", name, err)
	}
	k, err := keys.Generate(keys.Ed25519)
	if err != nil {
		return err
	}
	kp := keys.FromPrivateKey(k.Signer.(ed25519.PrivateKey))
	b, err := json.MarshalIndent(kp, "", "  ")
	if err != nil {
		return err
	}
	defer clear(b)
	return writeSecretFile(name, append(b, '\n'))
}
