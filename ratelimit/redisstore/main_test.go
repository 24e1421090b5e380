package redisstore_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
	"go.uber.org/goleak"
)

// server is the Redis every test of the package talks to: a redis-server
// process when the binary is on the PATH, in-process miniredis otherwise.
var server testRedis

// testRedis is a Redis the tests can stop and start again on its address.
type testRedis interface {
	Addr() string
	Kind() string
	Stop()
	Start() error
}

func TestMain(m *testing.M) {
	var err error
	if path, lookErr := exec.LookPath("redis-server"); lookErr == nil {
		server, err = startRedisServer(path)
	} else {
		server, err = startMiniredis()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "redisstore tests:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "redisstore tests: %s on %s\n", server.Kind(), server.Addr())
	code := m.Run()
	server.Stop()
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, "redisstore tests: goroutines leaked:", err)
			code = 1
		}
	}
	os.Exit(code)
}

// newClient returns a client of the test Redis, closed when the test ends.
func newClient(t testing.TB) *redis.Client {
	t.Helper()
	c := redis.NewClient(&redis.Options{Addr: server.Addr(), ContextTimeoutEnabled: true, PoolSize: 64})
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// redisServer is a redis-server child process without persistence.
type redisServer struct {
	path string
	addr string
	cmd  *exec.Cmd
}

func startRedisServer(path string) (*redisServer, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	_ = l.Close()
	s := &redisServer{path: path, addr: addr}
	return s, s.Start()
}

func (s *redisServer) Addr() string { return s.addr }
func (s *redisServer) Kind() string { return "redis-server" }

// Start runs redis-server on the address and waits until it answers PING.
func (s *redisServer) Start() error {
	_, port, _ := net.SplitHostPort(s.addr)
	s.cmd = exec.Command(s.path, "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "warning")
	killWithParent(s.cmd)
	if err := s.cmd.Start(); err != nil {
		return err
	}
	c := redis.NewClient(&redis.Options{Addr: s.addr, MaxRetries: -1})
	defer c.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := c.Ping(context.Background()).Err()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			s.Stop()
			return fmt.Errorf("redis-server on %s did not answer: %w", s.addr, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Stop kills the process and waits for it to exit.
func (s *redisServer) Stop() {
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
	s.cmd = nil
}

// miniServer is miniredis, for machines without redis-server.
type miniServer struct{ m *miniredis.Miniredis }

func startMiniredis() (*miniServer, error) {
	m, err := miniredis.Run()
	return &miniServer{m: m}, err
}

func (s *miniServer) Addr() string { return s.m.Addr() }
func (s *miniServer) Kind() string { return "miniredis" }
func (s *miniServer) Stop()        { s.m.Close() }
func (s *miniServer) Start() error { return s.m.Restart() }

// uniqueNames numbers the policy names of uniqueName.
var uniqueNames atomic.Int64

// uniqueName returns a policy name of its own for each call, so tests on
// the shared Redis never see each other's buckets.
func uniqueName(t testing.TB) string {
	return t.Name() + "#" + strconv.FormatInt(uniqueNames.Add(1), 10)
}

// itoa is strconv.Itoa, short for key layouts in tests.
func itoa(n int) string { return strconv.Itoa(n) }
