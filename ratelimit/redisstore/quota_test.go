package redisstore_test

import (
	"testing"

	"github.com/fourxx/fourxx/internal/clocktest"
	"github.com/fourxx/fourxx/ratelimit/internal/limittest"
	"github.com/fourxx/fourxx/ratelimit/redisstore"
)

func TestQuotaResetsAtMidnightInItsZone(t *testing.T) {
	clock := clocktest.NewFake()
	store := redisstore.New(newClient(t), redisstore.Timeout(testTimeout))
	redisstore.UseTestClock(store, clock.Now)
	limittest.DailyQuota(t, store, clock, uniqueName(t))
}
