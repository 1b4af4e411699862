package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"${{ values.repoHost }}/${{ values.orgName }}/${{ values.repoName }}/internal/health"
)

// envFrom returns a getenv function that reads vars instead of the process
// environment.
func envFrom(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

// get sends one request to handler and returns the response and its body.
func get(t *testing.T, handler http.Handler, method, path string) (*http.Response, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	res := rec.Result()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, strings.TrimSpace(string(body))
}

func quietLogger() *log.Logger { return log.New(io.Discard, "", 0) }

func TestRoutes(t *testing.T) {
	handler := newServer(quietLogger(), health.NewChecker(time.Second))
	tests := []struct {
		method, path string
		wantStatus   int
		wantBody     string // substring
	}{
		{http.MethodGet, "/", http.StatusOK, `"service":"${{ values.name }}"`},
		{http.MethodGet, "/health/live", http.StatusOK, `{"status":"ok"}`},
		{http.MethodGet, "/health/ready", http.StatusOK, `"status":"ready"`},
		{http.MethodHead, "/health/live", http.StatusOK, ""},
		{http.MethodGet, "/no-such-page", http.StatusNotFound, `"error":"not found"`},
		{http.MethodPost, "/health/live", http.StatusMethodNotAllowed, `"error":"method not allowed"`},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			res, body := get(t, handler, tt.method, tt.path)
			if res.StatusCode != tt.wantStatus {
				t.Errorf("status = %d, want %d (body %s)", res.StatusCode, tt.wantStatus, body)
			}
			if !strings.Contains(body, tt.wantBody) {
				t.Errorf("body = %s, want it to contain %s", body, tt.wantBody)
			}
			if ct := res.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", ct)
			}
		})
	}
}

func TestRootDescribesTheService(t *testing.T) {
	_, body := get(t, newServer(quietLogger(), health.NewChecker(time.Second)), http.MethodGet, "/")
	var got map[string]string
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatalf("body %s: %v", body, err)
	}
	if got["service"] != serviceName || got["description"] != serviceDescription {
		t.Errorf("got %v, want service %q and its description", got, serviceName)
	}
}

func TestNotReadyWhileShuttingDown(t *testing.T) {
	checker := health.NewChecker(time.Second)
	handler := newServer(quietLogger(), checker)
	checker.SetShuttingDown()
	res, body := get(t, handler, http.MethodGet, "/health/ready")
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "shutting down") {
		t.Errorf("got %d %s, want 503 shutting down", res.StatusCode, body)
	}
}

func TestRequestLogging(t *testing.T) {
	var buf bytes.Buffer
	handler := newServer(log.New(&buf, "", 0), health.NewChecker(time.Second))

	get(t, handler, http.MethodGet, "/")
	if line := buf.String(); !strings.Contains(line, `method=GET path="/" status=200`) {
		t.Errorf("log = %q, want the request logged", line)
	}

	buf.Reset()
	get(t, handler, http.MethodGet, "/health/live")
	if buf.Len() != 0 {
		t.Errorf("log = %q, want successful probes not logged", buf.String())
	}
}

func TestLoadConfigDefaults(t *testing.T) {
	cfg, err := loadConfig(envFrom(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.port != "8080" || cfg.shutdownTimeout != 10*time.Second || cfg.shutdownDelay != 0 {
		t.Errorf("got %+v, want port 8080, shutdown timeout 10s, no delay", cfg)
	}
}

func TestLoadConfig(t *testing.T) {
	cfg, err := loadConfig(envFrom(map[string]string{
		"PORT":             "9090",
		"SHUTDOWN_TIMEOUT": "30s",
		"SHUTDOWN_DELAY":   "5",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.port != "9090" || cfg.shutdownTimeout != 30*time.Second || cfg.shutdownDelay != 5*time.Second {
		t.Errorf("got %+v", cfg)
	}

	for _, bad := range []map[string]string{
		{"PORT": "http"},
		{"PORT": "70000"},
		{"SHUTDOWN_TIMEOUT": "soon"},
		{"SHUTDOWN_DELAY": "-1s"},
	} {
		if _, err := loadConfig(envFrom(bad)); err == nil {
			t.Errorf("loadConfig(%v) passed, want an error", bad)
		}
	}
}

func TestServeShutsDownGracefully(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	cfg := config{port: "0", shutdownTimeout: 5 * time.Second}
	checker := health.NewChecker(time.Second)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, ln, cfg, quietLogger(), checker) }()

	res, err := http.Get(base + "/health/ready")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("before shutdown: status = %d, want 200", res.StatusCode)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v, want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("serve did not return after cancel")
	}
	if !checker.ShuttingDown() {
		t.Error("checker not marked as shutting down")
	}
	if _, err := http.Get(base + "/health/live"); err == nil {
		t.Error("server still accepts connections after shutdown")
	}
}
{%- if values.enableDatabase or values.enableCache %}

// listen opens a real TCP listener on the loopback interface, standing in for
// a dependency; the test closes it to take the dependency down.
func listen(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			conn.Close()
		}
	}()
	return ln
}
{%- endif %}
{%- if values.enableDatabase or values.enableCache or values.enableQueue %}

// readyStatus asks /health/ready of a server built from vars.
func readyStatus(t *testing.T, vars map[string]string) (int, string) {
	t.Helper()
	cfg, err := loadConfig(envFrom(vars))
	if err != nil {
		t.Fatal(err)
	}
	res, body := get(t, newServer(quietLogger(), newChecker(cfg)), http.MethodGet, "/health/ready")
	return res.StatusCode, body
}

// dependencyVars sets every dependency of the service to a working value.
func dependencyVars(t *testing.T) map[string]string {
	vars := map[string]string{}
{%- if values.enableDatabase %}
	host, port, err := net.SplitHostPort(listen(t).Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	vars["DATABASE_HOST"] = host
	vars["DATABASE_PORT"] = port
{%- endif %}
{%- if values.enableCache %}
	vars["REDIS_ADDR"] = listen(t).Addr().String()
{%- endif %}
{%- if values.enableQueue %}
	vars["SQS_QUEUE_URL"] = "https://sqs.us-east-1.amazonaws.com/123456789012/${{ values.name }}"
{%- endif %}
	return vars
}

func TestReadyWhenDependenciesAnswer(t *testing.T) {
	if status, body := readyStatus(t, dependencyVars(t)); status != http.StatusOK {
		t.Errorf("status = %d (%s), want 200", status, body)
	}
}
{%- endif %}
{%- if values.enableDatabase %}

func TestNotReadyWithoutDatabase(t *testing.T) {
	vars := dependencyVars(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close() // nothing listens there any more
	vars["DATABASE_HOST"] = host
	vars["DATABASE_PORT"] = port

	status, body := readyStatus(t, vars)
	if status != http.StatusServiceUnavailable || !strings.Contains(body, `"database":`) {
		t.Errorf("got %d %s, want 503 naming the database", status, body)
	}
	if strings.Contains(body, `"database":"ok"`) {
		t.Errorf("body %s reports the database as ok", body)
	}

	delete(vars, "DATABASE_HOST")
	if status, body := readyStatus(t, vars); status != http.StatusServiceUnavailable {
		t.Errorf("without DATABASE_HOST: got %d %s, want 503", status, body)
	}
}

func TestDatabaseURL(t *testing.T) {
	cfg, err := loadConfig(envFrom(map[string]string{
		"DATABASE_HOST":     "db.internal",
		"DATABASE_NAME":     "orders",
		"DATABASE_USER":     "app",
		"DATABASE_PASSWORD": "p@ss/word",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := cfg.databaseURL(), "postgres://app:p%40ss%2Fword@db.internal:5432/orders"; got != want {
		t.Errorf("databaseURL() = %s, want %s", got, want)
	}
}
{%- endif %}
{%- if values.enableCache %}

func TestNotReadyWithoutRedis(t *testing.T) {
	vars := dependencyVars(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	vars["REDIS_ADDR"] = ln.Addr().String()
	ln.Close() // nothing listens there any more

	status, body := readyStatus(t, vars)
	if status != http.StatusServiceUnavailable || !strings.Contains(body, `"redis":`) || strings.Contains(body, `"redis":"ok"`) {
		t.Errorf("got %d %s, want 503 naming redis", status, body)
	}
}
{%- endif %}
{%- if values.enableQueue %}

func TestNotReadyWithoutQueueURL(t *testing.T) {
	vars := dependencyVars(t)
	delete(vars, "SQS_QUEUE_URL")

	status, body := readyStatus(t, vars)
	if status != http.StatusServiceUnavailable || !strings.Contains(body, "SQS_QUEUE_URL is not set") {
		t.Errorf("got %d %s, want 503 naming SQS_QUEUE_URL", status, body)
	}

	vars["SQS_QUEUE_URL"] = "https://sqs.us-east-1.amazonaws.com/123456789012/${{ values.name }}"
	if status, body := readyStatus(t, vars); status != http.StatusOK {
		t.Errorf("with SQS_QUEUE_URL: got %d %s, want 200", status, body)
	}
}
{%- endif %}
