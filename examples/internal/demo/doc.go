// Package demo is the application behind the fourxx demo servers
// (examples/server, which make run starts, and examples/metrics): a chi
// router over an in-memory collection of items with most fourxx
// middlewares mounted globally or per route, so that each status code the
// README lists can be provoked with curl. [NewRouter] builds it; [Hosts]
// names the hosts it answers for.
package demo
