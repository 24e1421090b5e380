package middleware

import (
	"sync/atomic"
)

// GoneOption configures [Gone] (RFC 9110 §15.5.11).
type GoneOption func(*goneConfig)

type goneConfig struct {
	live *GonePaths
}

// GonePaths holds the removed paths of one or more [Gone] middlewares,
// given with [GonePathsFrom], so that they can be replaced while serving.
// Each request is matched against the whole old set or the whole new one,
// never a mix; reading the current set takes no lock and allocates
// nothing.
type GonePaths struct {
	set atomic.Pointer[goneSet]
}

// goneSet is one compiled, immutable set of removed paths.
type goneSet struct {
	entries map[string]goneEntry
	match   *gatePatterns
}

// NewGonePaths returns the paths for [GonePathsFrom], starting with paths.
// It panics where [Gone] does on paths.
func NewGonePaths(paths []GonePath) *GonePaths {
	g := &GonePaths{}
	g.set.Store(compileGoneSet(paths))
	return g
}

// Set replaces the paths, for every request that starts after it returns.
// It returns the error [Gone] would panic with on invalid paths, and then
// keeps the paths it had. It is safe to call while serving.
func (g *GonePaths) Set(paths []GonePath) error {
	set, err := compileLive(func() *goneSet { return compileGoneSet(paths) })
	if err != nil {
		return err
	}
	g.set.Store(set)
	return nil
}

// GonePathsFrom makes [Gone] answer for the current paths of live instead
// of a fixed list; Gone's paths must then be nil. It panics when live is
// nil.
func GonePathsFrom(live *GonePaths) GoneOption {
	if live == nil {
		panic("middleware: GonePathsFrom: the paths are nil")
	}
	return func(c *goneConfig) { c.live = live }
}
