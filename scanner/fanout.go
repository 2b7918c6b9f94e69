package scanner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
)

// Fanout walks src on one goroutine and hands each blob that keep accepts (nil keeps all) to
// work on workers goroutines (0 means GOMAXPROCS), so that reading and matching use every core
// while a source that is not safe for concurrent use (a git pack) is read in order. Each worker
// passes work its own read buffer (see Blob.Load), kept from blob to blob unless a large file
// grew it past maxKeptBuffer: what work returns must not hold the buffer's bytes. collect
// receives each result on the calling goroutine.
func Fanout[R any](ctx context.Context, src Source, workers int, keep func(Blob) bool, work func(b Blob, buf *[]byte) R, collect func(R)) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	blobs := make(chan Blob, 4*workers)
	// One waiting result a worker: a result holds a blob's references, and a blob where every
	// line matches has tens of thousands; a deeper queue held 4× more of them while the
	// collector made findings of the first.
	results := make(chan R, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			var buf []byte
			for b := range blobs {
				results <- work(b, &buf)
				if cap(buf) > maxKeptBuffer {
					buf = nil
				}
			}
		})
	}
	var walkErr error
	go func() {
		walkErr = src.Walk(ctx, func(b Blob) error {
			if keep != nil && !keep(b) {
				return nil
			}
			select {
			case blobs <- b:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
		close(blobs)
		wg.Wait()
		close(results)
	}()
	for r := range results {
		collect(r)
	}
	if walkErr != nil {
		return walkErr
	}
	return ctx.Err()
}

// maxKeptBuffer bounds a read buffer kept for the next blob: one grown past it, for a large
// file, is let go with the file.
const maxKeptBuffer = 4 << 20

// Read loads a blob within the scan's limits, into *buf when the source reads into a buffer
// (see Blob.Load; buf may be nil). When the blob cannot be scanned, data is nil and
// skip (with why) says so: the source could not offer it, it is over maxSize, it could not be
// read, or it is binary (a NUL byte in its first 8 KiB, as git decides). UTF-16 and UTF-32 text
// (with a byte-order mark, or without one but recognised by where its NUL bytes fall) is no
// binary: data is then its UTF-8 transcoding, without the mark, with one character for each of
// the file's characters, so that lines and columns count the file's own characters.
func Read(b Blob, maxSize int64, buf *[]byte) (data []byte, skip SkipReason, why string) {
	if b.Skip != "" {
		return nil, b.Skip, b.Detail
	}
	if b.Size > maxSize {
		return nil, SkipTooLarge, TooLarge{Size: b.Size, Max: maxSize}.Error()
	}
	data, err := b.Load(buf, maxSize)
	if err != nil {
		// A source that knows why (a corrupt or missing git object) says so.
		var why interface{ SkipReason() SkipReason }
		if errors.As(err, &why) {
			return nil, why.SkipReason(), err.Error()
		}
		return nil, SkipUnreadable, err.Error()
	}
	if int64(len(data)) > maxSize {
		return nil, SkipTooLarge, TooLarge{Size: int64(len(data)), Max: maxSize}.Error()
	}
	if text, ok := Transcode(data); ok {
		data = text
	} else if bytes.IndexByte(data[:min(len(data), binarySniff)], 0) >= 0 {
		return nil, SkipBinary, "NUL byte in the first 8 KiB"
	}
	if ownReport(data) {
		return nil, SkipOwnReport, "a shieldscan report names every resource; it is output, not code"
	}
	return data, "", ""
}

// TooLarge is the error of a source that found a blob over --max-file-size without reading it
// whole; Read reports it as a SkipTooLarge skip.
type TooLarge struct {
	Size, Max int64
}

func (e TooLarge) Error() string {
	return fmt.Sprintf("%d bytes, over --max-file-size %d", e.Size, e.Max)
}

// SkipReason is what Read reports.
func (TooLarge) SkipReason() SkipReason { return SkipTooLarge }

// ownReport recognises a SARIF or JSON report that shieldscan wrote: left in the tree by an
// earlier run, it would make every resource it lists look declared.
func ownReport(data []byte) bool {
	head := data[:min(len(data), 1024)]
	if len(head) == 0 || head[0] != '{' {
		return false
	}
	return bytes.Contains(head, []byte(`"name": "shieldscan"`)) &&
		(bytes.Contains(head, []byte(`"runs": [`)) || bytes.Contains(head, []byte(`"schema": `)))
}
