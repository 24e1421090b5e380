package redisstore_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"
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
	// ClusterAddr returns the address of a one-node Redis Cluster that
	// holds every slot.
	ClusterAddr(t testing.TB) string
}

func TestMain(m *testing.M) { os.Exit(runTests(m)) }

// runTests starts the test Redis, runs the tests, stops every server it
// started and checks that no goroutine is left.
func runTests(m *testing.M) int {
	var cluster *clusterNode
	if path, err := exec.LookPath("redis-server"); err == nil {
		dir, err := os.MkdirTemp("", "redisstore-cluster")
		if err != nil {
			fmt.Fprintln(os.Stderr, "redisstore tests:", err)
			return 1
		}
		defer os.RemoveAll(dir)
		cluster = startCluster(path, dir)
		s, err := startRedisServer(path)
		if err != nil {
			cluster.stop()
			fmt.Fprintln(os.Stderr, "redisstore tests:", err)
			return 1
		}
		s.cluster = cluster
		server = s
	} else {
		s, err := startMiniredis()
		if err != nil {
			fmt.Fprintln(os.Stderr, "redisstore tests:", err)
			return 1
		}
		server = s
	}
	fmt.Fprintf(os.Stderr, "redisstore tests: %s on %s\n", server.Kind(), server.Addr())
	code := m.Run()
	server.Stop()
	if cluster != nil {
		cluster.stop()
	}
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, "redisstore tests: goroutines leaked:", err)
			code = 1
		}
	}
	return code
}

// testTimeout bounds each decision in tests that are not about timeouts:
// generous, so that a slow run under the race detector does not fail open.
const testTimeout = 5 * time.Second

// newClient returns a client of the test Redis, closed when the test ends.
func newClient(t testing.TB) *redis.Client {
	t.Helper()
	return newClientWith(t, &redis.Options{PoolSize: 64})
}

// newClientWith is newClient with more options.
func newClientWith(t testing.TB, o *redis.Options) *redis.Client {
	t.Helper()
	o.Addr, o.ContextTimeoutEnabled = server.Addr(), true
	c := redis.NewClient(o)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// redisServer is a redis-server child process without persistence.
type redisServer struct {
	path    string
	addr    string
	args    []string
	cmd     *exec.Cmd
	cluster *clusterNode
}

func startRedisServer(path string, args ...string) (*redisServer, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	_ = l.Close()
	s := &redisServer{path: path, addr: addr, args: args}
	return s, s.Start()
}

// ClusterAddr returns the address of the cluster-mode redis-server that
// TestMain starts beside the main one (a new node only serves writes two
// seconds after it starts, so it starts early).
func (s *redisServer) ClusterAddr(t testing.TB) string {
	t.Helper()
	<-s.cluster.ready
	require.NoError(t, s.cluster.err)
	return s.cluster.srv.addr
}

// clusterNode is a one-node Redis Cluster on its way up.
type clusterNode struct {
	ready chan struct{}
	srv   *redisServer
	err   error
}

// startCluster starts a redis-server in cluster mode, gives it every slot
// and closes ready once the cluster is ok.
func startCluster(path, dir string) *clusterNode {
	n := &clusterNode{ready: make(chan struct{})}
	go func() {
		defer close(n.ready)
		n.srv, n.err = startRedisServer(path, "--cluster-enabled", "yes", "--cluster-config-file", filepath.Join(dir, "nodes.conf"))
		if n.err != nil {
			return
		}
		rdb := redis.NewClient(&redis.Options{Addr: n.srv.addr})
		defer rdb.Close()
		ctx := context.Background()
		if n.err = rdb.Do(ctx, "cluster", "addslotsrange", 0, 16383).Err(); n.err != nil {
			return
		}
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			if info, err := rdb.ClusterInfo(ctx).Result(); err == nil && strings.Contains(info, "cluster_state:ok") {
				return
			}
		}
		n.err = fmt.Errorf("cluster node on %s not ok after 10 s", n.srv.addr)
	}()
	return n
}

// stop stops the node once it is up.
func (n *clusterNode) stop() {
	<-n.ready
	if n.srv != nil {
		n.srv.Stop()
	}
}

func (s *redisServer) Addr() string { return s.addr }
func (s *redisServer) Kind() string { return "redis-server" }

// Start runs redis-server on the address and waits until it answers PING.
func (s *redisServer) Start() error {
	_, port, _ := net.SplitHostPort(s.addr)
	s.cmd = exec.Command(s.path, append([]string{"--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "warning"}, s.args...)...)
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

// ClusterAddr is miniredis's own address: it answers CLUSTER SLOTS with
// every slot on itself.
func (s *miniServer) ClusterAddr(testing.TB) string { return s.m.Addr() }

// uniqueNames numbers the policy names of uniqueName.
var uniqueNames atomic.Int64

// uniqueName returns a policy name of its own for each call, so tests on
// the shared Redis never see each other's buckets.
func uniqueName(t testing.TB) string {
	return t.Name() + "#" + strconv.FormatInt(uniqueNames.Add(1), 10)
}
