package health

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// listen opens a real TCP listener on the loopback interface and closes it
// when the test ends.
func listen(t *testing.T) net.Listener {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			conn.Close()
		}
	}()
	return l
}

// closedAddr returns a loopback address on which nothing listens.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func ready(t *testing.T, c *Checker) (int, Response) {
	t.Helper()
	rec := httptest.NewRecorder()
	c.ReadyHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/health/ready", nil))
	var body Response
	if err := json.NewDecoder(rec.Body).Decode(&body); err != nil {
		t.Fatalf("decode body: %v", err)
	}
	if got := rec.Header().Get("Content-Type"); got != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", got)
	}
	return rec.Code, body
}

func TestLiveHandler(t *testing.T) {
	rec := httptest.NewRecorder()
	LiveHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/health/live", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d, want 200", rec.Code)
	}
	if got, want := strings.TrimSpace(rec.Body.String()), `{"status":"ok"}`; got != want {
		t.Errorf("body = %s, want %s", got, want)
	}
}

func TestReadyWithoutChecks(t *testing.T) {
	code, body := ready(t, NewChecker(0))
	if code != http.StatusOK || body.Status != "ready" {
		t.Errorf("got %d %+v, want 200 ready", code, body)
	}
}

func TestReadyWhenDependencyListens(t *testing.T) {
	l := listen(t)
	c := NewChecker(time.Second)
	c.Add("alpha", TCPDial(l.Addr().String()))

	code, body := ready(t, c)
	if code != http.StatusOK {
		t.Fatalf("status = %d (%+v), want 200", code, body)
	}
	if body.Checks["alpha"] != "ok" {
		t.Errorf("checks = %v, want alpha ok", body.Checks)
	}
}

func TestNotReadyWhenDependencyIsDown(t *testing.T) {
	l := listen(t)
	c := NewChecker(time.Second)
	c.Add("alpha", TCPDial(l.Addr().String()))
	c.Add("beta", TCPDial(closedAddr(t)))

	code, body := ready(t, c)
	if code != http.StatusServiceUnavailable {
		t.Fatalf("status = %d, want 503", code)
	}
	if body.Status != "unavailable" {
		t.Errorf("status field = %q, want unavailable", body.Status)
	}
	if body.Checks["alpha"] != "ok" {
		t.Errorf("alpha = %q, want ok", body.Checks["alpha"])
	}
	if body.Checks["beta"] == "ok" || body.Checks["beta"] == "" {
		t.Errorf("beta = %q, want the dial error", body.Checks["beta"])
	}
}

func TestReadyFollowsTheDependency(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	c := NewChecker(time.Second)
	c.Add("beta", TCPDial(addr))

	if code, _ := ready(t, c); code != http.StatusOK {
		t.Fatalf("while listening: status = %d, want 200", code)
	}
	l.Close()
	if code, _ := ready(t, c); code != http.StatusServiceUnavailable {
		t.Fatalf("after close: status = %d, want 503", code)
	}
}

func TestNotReadyWhileShuttingDown(t *testing.T) {
	c := NewChecker(0)
	c.SetShuttingDown()
	code, body := ready(t, c)
	if code != http.StatusServiceUnavailable || body.Status != "shutting down" {
		t.Errorf("got %d %+v, want 503 shutting down", code, body)
	}
}

func TestCheckTimeout(t *testing.T) {
	c := NewChecker(20 * time.Millisecond)
	c.Add("slow", func(ctx context.Context) error {
		<-ctx.Done()
		return ctx.Err()
	})
	start := time.Now()
	failures := c.Run(context.Background())
	if !errors.Is(failures["slow"], context.DeadlineExceeded) {
		t.Errorf("failures = %v, want slow: deadline exceeded", failures)
	}
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("Run took %v, want it bounded by the check timeout", elapsed)
	}
}

func TestTCPDialWithoutAddress(t *testing.T) {
	if err := TCPDial("")(context.Background()); err == nil {
		t.Error("TCPDial(\"\") passed, want an error")
	}
}

func TestConfigured(t *testing.T) {
	if err := Configured("API_URL", "https://api.example.com/")(context.Background()); err != nil {
		t.Errorf("set value: %v", err)
	}
	err := Configured("API_URL", "")(context.Background())
	if err == nil || !strings.Contains(err.Error(), "API_URL") {
		t.Errorf("empty value: err = %v, want one naming API_URL", err)
	}
}
