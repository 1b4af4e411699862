// Command server runs the ${{ values.name }} HTTP service.
//
// Configuration comes from environment variables (see docs/index.md); the
// Helm chart in helm/ sets them in Kubernetes.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
{%- if values.enableDatabase %}
	"net/url"
{%- endif %}
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"${{ values.repoHost }}/${{ values.orgName }}/${{ values.repoName }}/internal/health"
)

const (
	serviceName        = "${{ values.name }}"
	serviceDescription = ${{ values.description | dump }}
)

// config is read from the environment by loadConfig.
type config struct {
	port            string        // PORT
	shutdownTimeout time.Duration // SHUTDOWN_TIMEOUT: how long in-flight requests may take to drain
	shutdownDelay   time.Duration // SHUTDOWN_DELAY: how long to report not ready before draining
{%- if values.enableDatabase %}

	// PostgreSQL, from the ${{ values.name }}-database Secret.
	databaseHost     string // DATABASE_HOST
	databasePort     string // DATABASE_PORT
	databaseName     string // DATABASE_NAME
	databaseUser     string // DATABASE_USER
	databasePassword string // DATABASE_PASSWORD
{%- endif %}
{%- if values.enableCache %}

	// Redis, from the ${{ values.name }}-redis Secret.
	redisAddr string // REDIS_ADDR
{%- endif %}
{%- if values.enableQueue %}

	// Amazon SQS.
	sqsQueueURL string // SQS_QUEUE_URL
{%- endif %}
}

// loadConfig reads the configuration through getenv (os.Getenv outside
// tests). Only invalid values are errors: a dependency whose settings are
// missing is reported by /health/ready instead.
func loadConfig(getenv func(string) string) (config, error) {
	cfg := config{port: "8080"}
	if v := getenv("PORT"); v != "" {
		if n, err := strconv.Atoi(v); err != nil || n < 1 || n > 65535 {
			return config{}, fmt.Errorf("PORT=%q is not a TCP port number", v)
		}
		cfg.port = v
	}
	var err error
	if cfg.shutdownTimeout, err = durationEnv(getenv, "SHUTDOWN_TIMEOUT", 10*time.Second); err != nil {
		return config{}, err
	}
	if cfg.shutdownDelay, err = durationEnv(getenv, "SHUTDOWN_DELAY", 0); err != nil {
		return config{}, err
	}
{%- if values.enableDatabase %}

	cfg.databaseHost = getenv("DATABASE_HOST")
	cfg.databasePort = getenv("DATABASE_PORT")
	if cfg.databasePort == "" {
		cfg.databasePort = "5432"
	}
	cfg.databaseName = getenv("DATABASE_NAME")
	cfg.databaseUser = getenv("DATABASE_USER")
	cfg.databasePassword = getenv("DATABASE_PASSWORD")
{%- endif %}
{%- if values.enableCache %}

	cfg.redisAddr = getenv("REDIS_ADDR")
{%- endif %}
{%- if values.enableQueue %}

	cfg.sqsQueueURL = getenv("SQS_QUEUE_URL")
{%- endif %}
	return cfg, nil
}

// durationEnv parses the variable name as a Go duration ("10s", "1m30s") or
// a whole number of seconds ("10"), returning def when it is unset.
func durationEnv(getenv func(string) string, name string, def time.Duration) (time.Duration, error) {
	v := getenv(name)
	if v == "" {
		return def, nil
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%s=%q is not a duration such as 10s", name, v)
	}
	return d, nil
}
{%- if values.enableDatabase %}

// databaseAddr is the PostgreSQL host:port, or "" when DATABASE_HOST is unset.
func (c config) databaseAddr() string {
	if c.databaseHost == "" {
		return ""
	}
	return net.JoinHostPort(c.databaseHost, c.databasePort)
}

// databaseURL is the connection URL to hand to a PostgreSQL driver, e.g.
// pgxpool.New(ctx, cfg.databaseURL()) or sql.Open("pgx", cfg.databaseURL()).
func (c config) databaseURL() string {
	u := url.URL{
		Scheme: "postgres",
		User:   url.UserPassword(c.databaseUser, c.databasePassword),
		Host:   c.databaseAddr(),
		Path:   "/" + c.databaseName,
	}
	return u.String()
}
{%- endif %}

// newChecker registers a readiness check for every dependency of the service.
func newChecker(cfg config) *health.Checker {
	checker := health.NewChecker(health.DefaultTimeout)
{%- if values.enableDatabase %}
	checker.Add("database", health.TCPDial(cfg.databaseAddr()))
{%- endif %}
{%- if values.enableCache %}
	checker.Add("redis", health.TCPDial(cfg.redisAddr))
{%- endif %}
{%- if values.enableQueue %}
	checker.Add("sqs", health.Configured("SQS_QUEUE_URL", cfg.sqsQueueURL))
{%- endif %}
	return checker
}

// newServer returns the service's HTTP handler: its routes wrapped in
// request logging.
func newServer(logger *log.Logger, checker *health.Checker) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/health/live", getOnly(health.LiveHandler()))
	mux.Handle("/health/ready", getOnly(checker.ReadyHandler()))
	mux.Handle("/", getOnly(http.HandlerFunc(rootHandler)))
	return logRequests(logger, mux)
}

// rootHandler says which service this is.
func rootHandler(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "not found"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{
		"service":     serviceName,
		"description": serviceDescription,
	})
}

// getOnly answers 405 to anything but GET and HEAD.
func getOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "method not allowed"})
			return
		}
		next.ServeHTTP(w, r)
	})
}

func writeJSON(w http.ResponseWriter, status int, body interface{}) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// statusRecorder remembers the status code and size of a response.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (s *statusRecorder) WriteHeader(status int) {
	s.status = status
	s.ResponseWriter.WriteHeader(status)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	return n, err
}

// logRequests logs one line per request, except for successful health probes,
// which Kubernetes sends every few seconds.
func logRequests(logger *log.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		probe := r.URL.Path == "/health/live" || r.URL.Path == "/health/ready"
		if probe && rec.status < 400 {
			return
		}
		logger.Printf("method=%s path=%q status=%d bytes=%d duration=%s remote=%s",
			r.Method, r.URL.Path, rec.status, rec.bytes, time.Since(start).Round(time.Microsecond), r.RemoteAddr)
	})
}

// serve runs the server on ln until ctx is cancelled, then shuts down
// gracefully: it reports not ready first (and waits shutdownDelay so load
// balancers notice), then stops accepting connections and lets in-flight
// requests finish within shutdownTimeout.
func serve(ctx context.Context, ln net.Listener, cfg config, logger *log.Logger, checker *health.Checker) error {
	srv := &http.Server{
		Handler:           newServer(logger, checker),
		ReadHeaderTimeout: 5 * time.Second,
		ErrorLog:          logger,
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()

	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}

	logger.Print("shutting down: reporting not ready")
	checker.SetShuttingDown()
	if cfg.shutdownDelay > 0 {
		time.Sleep(cfg.shutdownDelay)
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("draining requests: %w", err)
	}
	if err := <-serveErr; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Print("stopped")
	return nil
}

func main() {
	logger := log.New(os.Stdout, "", log.LstdFlags|log.LUTC)
	if err := run(logger); err != nil {
		logger.Fatalf("error: %v", err)
	}
}

func run(logger *log.Logger) error {
	cfg, err := loadConfig(os.Getenv)
	if err != nil {
		return fmt.Errorf("configuration: %w", err)
	}
	checker := newChecker(cfg)

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // from now on a second signal stops the process at once
	}()

	ln, err := net.Listen("tcp", ":"+cfg.port)
	if err != nil {
		return err
	}
	logger.Printf("%s listening on %s (readiness checks: %v)", serviceName, ln.Addr(), checker.Names())
	return serve(ctx, ln, cfg, logger, checker)
}
