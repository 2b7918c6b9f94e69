package sarif

// WithMaxGzip returns opts with the gzip-compressed size limit set to n bytes, so that a test
// of the size cap stays small and fast.
func WithMaxGzip(opts Options, n int) Options {
	opts.maxGzip = n
	return opts
}

// Versions exposes versions to the table test.
var Versions = versions
