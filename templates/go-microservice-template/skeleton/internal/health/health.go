// Package health serves the liveness and readiness endpoints that Kubernetes
// probes (see helm/values.yaml).
//
// Liveness only says that the process is up and serving HTTP. Readiness runs
// every registered Check and answers 503, naming the failing dependency, when
// any of them fails or when the server has started shutting down.
package health

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultTimeout bounds one readiness check.
const DefaultTimeout = 2 * time.Second

// Check reports whether one dependency is usable. It must return promptly
// once ctx is done.
type Check func(ctx context.Context) error

// Checker holds the named readiness checks of the service.
type Checker struct {
	timeout      time.Duration
	shuttingDown atomic.Bool

	mu     sync.RWMutex
	checks map[string]Check
}

// NewChecker returns a Checker whose checks each get at most timeout
// (DefaultTimeout when timeout is not positive).
func NewChecker(timeout time.Duration) *Checker {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return &Checker{timeout: timeout, checks: make(map[string]Check)}
}

// Add registers check under name, replacing any check of that name.
func (c *Checker) Add(name string, check Check) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.checks[name] = check
}

// Names returns the names of the registered checks, sorted.
func (c *Checker) Names() []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	names := make([]string, 0, len(c.checks))
	for name := range c.checks {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// SetShuttingDown makes the service report not ready from now on, so that
// Kubernetes stops sending it traffic while in-flight requests drain.
func (c *Checker) SetShuttingDown() {
	c.shuttingDown.Store(true)
}

// ShuttingDown reports whether SetShuttingDown was called.
func (c *Checker) ShuttingDown() bool {
	return c.shuttingDown.Load()
}

// Run runs every check concurrently and returns the failures by check name;
// an empty map means every dependency answered.
func (c *Checker) Run(ctx context.Context) map[string]error {
	c.mu.RLock()
	checks := make(map[string]Check, len(c.checks))
	for name, check := range c.checks {
		checks[name] = check
	}
	c.mu.RUnlock()

	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		failures = make(map[string]error)
	)
	for name, check := range checks {
		wg.Add(1)
		go func(name string, check Check) {
			defer wg.Done()
			checkCtx, cancel := context.WithTimeout(ctx, c.timeout)
			defer cancel()
			if err := check(checkCtx); err != nil {
				mu.Lock()
				failures[name] = err
				mu.Unlock()
			}
		}(name, check)
	}
	wg.Wait()
	return failures
}

// Response is the JSON body of both health endpoints.
type Response struct {
	Status string            `json:"status"`
	Checks map[string]string `json:"checks,omitempty"`
}

// LiveHandler answers 200 {"status":"ok"} for as long as the process serves
// HTTP.
func LiveHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, Response{Status: "ok"})
	})
}

// ReadyHandler answers 200 when every check passes, and 503 naming the
// failing checks (or saying that the service is shutting down) otherwise.
func (c *Checker) ReadyHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c.ShuttingDown() {
			writeJSON(w, http.StatusServiceUnavailable, Response{Status: "shutting down"})
			return
		}
		failures := c.Run(r.Context())
		resp := Response{Status: "ready", Checks: make(map[string]string)}
		for _, name := range c.Names() {
			resp.Checks[name] = "ok"
		}
		status := http.StatusOK
		for name, err := range failures {
			resp.Checks[name] = err.Error()
			resp.Status = "unavailable"
			status = http.StatusServiceUnavailable
		}
		writeJSON(w, status, resp)
	})
}

// TCPDial returns a Check that passes when a TCP connection to addr
// ("host:port") can be opened. It proves the dependency is reachable without
// needing its client library.
func TCPDial(addr string) Check {
	return func(ctx context.Context) error {
		if addr == "" {
			return errors.New("address not configured")
		}
		var d net.Dialer
		conn, err := d.DialContext(ctx, "tcp", addr)
		if err != nil {
			return err
		}
		return conn.Close()
	}
}

// Configured returns a Check that passes when value is not empty; setting
// names it in the error (for example an environment variable).
func Configured(setting, value string) Check {
	return func(context.Context) error {
		if value == "" {
			return fmt.Errorf("%s is not set", setting)
		}
		return nil
	}
}

func writeJSON(w http.ResponseWriter, status int, body interface{}) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
