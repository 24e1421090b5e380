// Package redisstore is the distributed [ratelimit.Store]: token buckets
// in Redis, so that every instance of a service enforces one shared limit
// (RFC 6585 §4, 429 Too Many Requests).
//
// A [Store] runs [ratelimit.Decide] as one atomic Lua script per decision
// on one key, with the time from Redis TIME, and makes the same decisions
// as [ratelimit.MemoryStore] for the same requests at the same clock. It
// works on any [redis.UniversalClient]: standalone, Sentinel or Cluster
// (the script touches only its own key).
//
//	rdb := redis.NewClient(&redis.Options{Addr: "redis:6379", ContextTimeoutEnabled: true})
//	store := redisstore.New(rdb)
//	r.Use(ratelimit.Limit(10, 20, ratelimit.LimitStore(store), ratelimit.LimitName("api")))
//
// While Redis fails, a circuit breaker ([Breaker], on by default) stops
// calling it after a run of failures and probes it with single decisions;
// [LocalFallback] decides meanwhile from memory with each instance's share
// of the limit, instead of failing open or closed. [NewLock] is the Redis
// lease behind [conditional.SingleWriter]'s 409 Conflict (RFC 9110
// §15.5.10) across instances. The module's README is the operations guide.
//
// Limits sharing a store need different names ([ratelimit.LimitName]). To
// keep one subject's buckets of several policies on one Cluster node, make
// its key a hash tag: a [ratelimit.KeyFunc] returning "{user:42}" puts
// "fourxx:rl:3:api:{user:42}" and "fourxx:rl:5:login:{user:42}" in the same
// slot. That is never needed for correctness, since each decision touches
// one key.
package redisstore
