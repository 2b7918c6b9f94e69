package config

import (
	"strconv"
	"strings"
)

// Scan is the part of a scan's settings that the file can set too.
type Scan struct {
	Include, Exclude []string
	FailOn           string
	MaxFileSize      int64
	History          bool
	Refs             []string
	Since            string
	Staged           bool
	AllowShallow     bool
	SiteHosts        []string
}

// Open reads path, or else the configuration file Find finds in root; it returns nil, nil when
// there is none.
func Open(path, root string) (*Config, error) {
	if path == "" {
		found, ok := Find(root)
		if !ok {
			return nil, nil
		}
		path = found
	}
	return Load(path)
}

// Overlay fills in what the command line did not set (changed reports whether the flag of that
// name was given): flags override the file's scalar settings; site hosts add up.
func (c *Config) Overlay(s *Scan, changed func(flag string) bool) {
	if !changed("include") {
		s.Include = c.Include
	}
	if !changed("exclude") {
		s.Exclude = c.Exclude
	}
	if !changed("fail-on") && c.FailOn != "" {
		s.FailOn = c.FailOn
	}
	if !changed("max-file-size") && c.MaxFileSize > 0 {
		s.MaxFileSize = c.MaxFileSize
	}
	// A change scan (--since, --staged: the pre-commit hook) beats the file's history setting.
	if !changed("history") && s.Since == "" && !s.Staged {
		s.History = c.History.Enabled
	}
	// The file's refs narrow its history scans; a tree scan or the pre-commit hook ignores them.
	if !changed("ref") && (s.History || s.Since != "") {
		s.Refs = c.History.Refs
	}
	if !changed("allow-shallow") {
		s.AllowShallow = c.History.AllowShallow
	}
	s.SiteHosts = append(s.SiteHosts, c.SiteHosts...)
}

// RefIn is the file's ref whose quoted name appears in msg (an error about it), if any.
func (c *Config) RefIn(msg string) (Ref, bool) {
	if c != nil {
		for _, r := range c.History.RefLines {
			if strings.Contains(msg, strconv.Quote(r.Name)) {
				return r, true
			}
		}
	}
	return Ref{}, false
}
