package service

import (
	"context"
	"crypto"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/obkit/obkit/issue"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/obkit/obkit/did"
	"github.com/obkit/obkit/fetch"
	"github.com/obkit/obkit/internal/sqldb"
	"github.com/obkit/obkit/obapi"
	"github.com/obkit/obkit/service/webui"
	"github.com/obkit/obkit/verify"
)

// Service is the HTTP service. It is an http.Handler; mount it on any mux
// (under a prefix with http.StripPrefix). Close releases its database.
type Service struct {
	cfg       *resolved
	store     store
	signer    crypto.Signer
	didDoc    []byte          // the did:web document served, when configured
	didPath   string          // its path
	docs      []*did.Document // DID documents verification knows in advance
	net       fetch.Fetcher   // nil without Config.Network
	log       *slog.Logger
	metrics   *metrics
	auth      *auth
	handler   http.Handler
	verifying chan struct{} // a slot per verification running
}

// New checks cfg, opens (and migrates) its database, and returns the
// Service.
func New(ctx context.Context, cfg Config) (*Service, error) {
	return build(ctx, cfg, func(r *resolved) (store, error) { return openStore(ctx, r.Database) })
}

// newWithDB is New on a database the caller opened (and closes): its
// Config.Database is ignored. Tests use it (export_test.go) to run a
// service on both databases of sqldbtest.Each.
func newWithDB(ctx context.Context, cfg Config, db *sqldb.DB) (*Service, error) {
	if cfg.Database == "" {
		cfg.Database = "(given)"
	}
	return build(ctx, cfg, func(*resolved) (store, error) {
		st, err := newSQLStore(ctx, db)
		if err != nil {
			return nil, err
		}
		return noClose{st}, nil
	})
}

func build(ctx context.Context, cfg Config, open func(*resolved) (store, error)) (*Service, error) {
	r, err := cfg.resolve()
	if err != nil {
		return nil, err
	}
	s := &Service{cfg: r, signer: r.Signer, log: r.Logger, metrics: newMetrics()}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.signer != nil {
		if err := s.setIssuer(); err != nil {
			return nil, err
		}
	}
	if r.Network {
		s.net = fetch.New(fetch.Options{})
	}
	if r.Auth != nil {
		s.auth = newAuth(r.Auth)
	}
	st, err := open(r)
	if err != nil {
		return nil, fmt.Errorf("service: database: %w", err)
	}
	s.store = st
	s.verifying = make(chan struct{}, r.MaxConcurrentVerifications)
	if o := r.OBAPI; o != nil && o.Enabled {
		api, err := s.mountOBAPI(ctx)
		if err != nil {
			st.close()
			return nil, err
		}
		r.Mount = maps.Clone(r.Mount)
		if r.Mount == nil {
			r.Mount = map[string]http.Handler{}
		}
		r.Mount[obapi.BasePath] = api
	}
	s.handler = s.routes()
	// What verification makes once per process is made now, on a
	// goroutine of its own, rather than by the first requests.
	go verify.Prepare()
	return s, nil
}

type noClose struct{ *sqlStore }

func (noClose) close() error { return nil }

// setIssuer works out the verification method and issuer DID, and the
// did:web document to serve.
func (s *Service) setIssuer() error {
	r := s.cfg
	if r.DIDWeb != "" {
		web := r.DIDWeb
		if !strings.HasPrefix(web, "did:") {
			web = "did:web:" + web
		}
		u, err := did.WebURL(web)
		if err != nil {
			return fmt.Errorf("%w: didWeb: %w", ErrConfig, err)
		}
		doc, err := did.NewKeyDocument(web, s.signer.Public())
		if err != nil {
			return fmt.Errorf("%w: didWeb: %w", ErrConfig, err)
		}
		b, err := json.MarshalIndent(doc, "", "  ")
		if err != nil {
			return err
		}
		s.didDoc = b
		s.didPath = u[strings.Index(u[len("https://"):], "/")+len("https://"):]
		s.docs = append(s.docs, doc)
		if r.VerificationMethod != "" && r.VerificationMethod != doc.VerificationMethods[0].ID {
			return fmt.Errorf("%w: verificationMethod %q is not the did:web key %q", ErrConfig, r.VerificationMethod, doc.VerificationMethods[0].ID)
		}
		r.VerificationMethod = doc.VerificationMethods[0].ID
	}
	vm := r.VerificationMethod
	if vm == "" {
		// issue names the key by its did:key or did:jwk; ask it which.
		var err error
		vm, err = issue.DefaultVerificationMethod(s.signer)
		if err != nil {
			return fmt.Errorf("%w: %w", ErrConfig, err)
		}
	}
	r.vm = vm
	if listSuite(s.signer) == "" && len(r.purposes) > 0 {
		// Status lists are Data Integrity credentials, which obkit signs
		// with Ed25519 and ECDSA keys only: with another (RSA) key the
		// service issues without status entries.
		s.log.Warn("the issuer key makes no Data Integrity proof: issued credentials get no status entries", "verificationMethod", vm)
		r.purposes = nil
	}
	r.issuer, _, _ = strings.Cut(vm, "#")
	return nil
}

// Issuer returns the DID of the service's issuer; "" when it does not issue.
func (s *Service) Issuer() string { return s.cfg.issuer }

// VerificationMethod returns the URL of the signing key's verification
// method; "" when the service does not issue.
func (s *Service) VerificationMethod() string { return s.cfg.vm }

// ServeHTTP serves the service's routes.
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Close closes the service's database.
func (s *Service) Close() error { return s.store.close() }

func (s *Service) routes() http.Handler {
	mux := http.NewServeMux()
	open := func(h http.HandlerFunc) http.Handler { return h }
	protected := func(h http.HandlerFunc) http.Handler { return s.auth.protect(h) }
	verifier := open
	if s.cfg.Auth != nil && s.cfg.Auth.ProtectVerify {
		verifier = protected
	}
	mux.Handle("GET /health", open(s.health))
	mux.Handle("POST /credentials/issue", protected(s.issue))
	mux.Handle("POST /credentials/verify", verifier(s.verifyCredential))
	mux.Handle("POST /presentations/verify", verifier(s.verifyPresentation))
	mux.Handle("GET /challenges", verifier(s.challenge))
	mux.Handle("POST /challenges", verifier(s.challenge))
	mux.Handle("POST /credentials/status", protected(s.updateStatus))
	mux.Handle("GET /status/{id}", open(s.statusList))
	if s.auth != nil {
		mux.Handle("POST /oauth2/token", open(s.auth.token))
	}
	if s.didDoc != nil {
		mux.Handle("GET "+s.didPath, open(s.didDocument))
	}
	mux.Handle("GET /metrics", s.metrics.reg)
	if !s.cfg.DisableUI {
		// The verification page (package webui) verifies as the API does,
		// this service's status lists included.
		ui := webui.Handler(webui.Options{
			Verify:  s.verifyOptions(),
			MaxSize: s.cfg.MaxBodyBytes,
			Timeout: time.Duration(s.cfg.RequestTimeout),
		})
		mux.Handle("GET /{$}", verifier(ui.ServeHTTP))
		mux.Handle("/ui/", verifier(ui.ServeHTTP))
	}
	// Other mount points: the OB 3.0 API (package obapi, at
	// "/ims/ob/v3p0/") when Config.OBAPI enables it, and those given by
	// whoever builds the Config.
	for prefix, h := range s.cfg.Mount {
		mux.Handle(prefix, h)
	}
	return s.limit(mux)
}

// limit bounds every request: its body (Config.MaxBodyBytes) and its time
// (Config.RequestTimeout), and logs it.
func (s *Service) limit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ctx, cancel := context.WithTimeout(r.Context(), time.Duration(s.cfg.RequestTimeout))
		defer cancel()
		r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
		rw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(rw, r.WithContext(ctx))
		s.log.LogAttrs(ctx, slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", rw.status), slog.Duration("duration", time.Since(start)))
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// acquire waits for a verification slot; false when the request's context
// ended first.
func (s *Service) acquire(ctx context.Context) bool {
	select {
	case s.verifying <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

func (s *Service) release() { <-s.verifying }

func (s *Service) health(w http.ResponseWriter, r *http.Request) {
	if err := s.store.ping(r.Context()); err != nil {
		writeProblem(w, http.StatusServiceUnavailable, CodeInternal, "the database does not answer")
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Service) didDocument(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/did+json")
	w.Write(s.didDoc)
}

// Serve serves the service on ln until ctx ends, then shuts down
// gracefully: it stops accepting, lets the requests in flight finish
// (within Config.RequestTimeout plus a few seconds) and returns. With
// Config.TLS it speaks HTTPS.
func (s *Service) Serve(ctx context.Context, ln net.Listener) error {
	timeout := time.Duration(s.cfg.RequestTimeout)
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       timeout,
		WriteTimeout:      timeout + 5*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	if t := s.cfg.TLS; t != nil {
		cert, err := tls.LoadX509KeyPair(t.CertFile, t.KeyFile)
		if err != nil {
			return fmt.Errorf("%w: tls: %w", ErrConfig, err)
		}
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		ln = tls.NewListener(ln, srv.TLSConfig)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), timeout+5*time.Second)
	defer cancel()
	err := srv.Shutdown(sctx)
	if e := <-errc; !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	return err
}
