package scanner

import (
	"context"
	"time"

	"github.com/shieldscan/shieldscan/report"
)

// Source yields the blobs of one scan: the files of a working tree, or the unique blobs of a git
// history. Walk calls yield once per blob, from one goroutine; yield may be called again only after
// it returns. A Source reports what it could not read as a blob with Skip set.
type Source interface {
	Walk(ctx context.Context, yield func(Blob) error) error
}

// Blob is one piece of content to scan.
type Blob struct {
	// Path is the slash path relative to the scanned root; for history, one path that held the blob.
	Path string
	// ID is the git object ID of a history blob, "" for a working-tree file.
	ID string
	// Size is the content's size in bytes, when known before reading.
	Size int64
	// Load reads the content. Scan calls it on a worker goroutine, so the reading of working-tree
	// files is spread over the cores. buf, when not nil, is the worker's buffer, kept from blob
	// to blob: a source that reads the content into it (growing it, and leaving the grown
	// buffer in *buf) spares the worker an allocation per file; the content it returns then
	// shares *buf's storage. A source may ignore buf and return content of its own.
	//
	// max is the most bytes the caller takes (its --max-file-size). A source that learns the
	// content's size only as it reads it stops once the content is over max and returns
	// TooLarge, so that no content over the limit is ever held whole; a source that gave
	// Size need not check.
	Load func(buf *[]byte, max int64) ([]byte, error)
	// Skip, when set, says why the source could not offer the content (Load is then nil).
	Skip SkipReason
	// Detail adds to Skip (an error's text).
	Detail string
}

// Attributor is implemented by sources whose blobs stand for many places (git history): after
// matching, Attribute says where and when each matched blob lived.
type Attributor interface {
	Attribute(ctx context.Context, ids []string) (map[string][]Place, error)
}

// Place is one path at which a matched history blob was introduced.
type Place struct {
	Path string `json:"path"`
	// Commit is the full SHA of the earliest commit that introduced the blob at Path.
	Commit  string    `json:"commit"`
	Author  string    `json:"author"`
	Date    time.Time `json:"date"`
	Subject string    `json:"subject"`
	// AtHEAD is true when HEAD still holds the blob at Path.
	AtHEAD bool `json:"atHEAD"`
	// RemovedIn is the commit that removed it from Path, when it is gone.
	RemovedIn string `json:"removedIn,omitempty"`
	// RemovedDate is the committer date of RemovedIn.
	RemovedDate time.Time `json:"removedDate,omitzero"`
	// Incomplete is true when an object on the history of Path could not be read (a commit, a
	// tree, or the blob that replaced this one there; see history.Source.Incomplete): then
	// Commit is the earliest readable introduction, AtHEAD false means "not known to be at
	// HEAD", and RemovedIn is empty (never guessed). Classify such a place as unknown.
	Incomplete bool `json:"incomplete,omitempty"`
	// Added, in change mode (--since, --staged), lists the 1-based lines that the change added
	// to the blob at Path, sorted; only references on those lines are reported. Nil means the
	// whole blob is new.
	Added []int `json:"-"`
}

// SkipReason says why a blob was not scanned, or only partly; reports carry it as it is.
type SkipReason = report.SkipReason

// The reasons a blob is skipped.
const (
	SkipBinary     SkipReason = "binary"
	SkipTooLarge   SkipReason = "too-large"
	SkipUnreadable SkipReason = "unreadable"
	SkipSymlink    SkipReason = "symlink-outside-root"
	SkipMissing    SkipReason = "missing-object"
	SkipCorrupt    SkipReason = "corrupt-object"
	// SkipOwnReport is a report that shieldscan wrote earlier (SARIF or JSON).
	SkipOwnReport SkipReason = "shieldscan-report"
	// SkipDecodeBudget is a partial skip: the blob was scanned, but its decoding stopped early.
	SkipDecodeBudget SkipReason = "decode-budget"
	// SkipDecodeLimit is a partial skip: the blob was scanned, but a decoder limit other than the
	// budget (nesting depth, list length) left some encoded text undecoded.
	SkipDecodeLimit SkipReason = "decode-limit"
)
