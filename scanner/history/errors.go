package history

import (
	"errors"
	"fmt"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/scanner"
)

// The kinds of unreadable object, for errors.Is on an *ObjectError or on Incomplete's error.
var (
	// ErrMissingObject is an object that the object store does not hold at all: a partial
	// clone, a pruned or broken repository.
	ErrMissingObject = errors.New("missing object")
	// ErrCorruptObject is an object that the object store holds but that cannot be read: a
	// zlib checksum or stream error, a delta that does not apply, a truncated or zeroed pack.
	ErrCorruptObject = errors.New("corrupt object")
	// ErrIncomplete says that objects the scan needed could not be read, so that what the
	// scan says about the places that held them (their class, the commit that removed them)
	// is not known. Source.Incomplete returns it.
	ErrIncomplete = errors.New("history is incomplete")
)

// ObjectError is one object that the scan needed and could not read, named as git fsck names
// it: its ID and type, and for a corrupt packed object the pack and offset.
type ObjectError struct {
	// ID is the object's full SHA.
	ID string
	// Type is "commit", "tree", "blob" or "tag"; "object" when not known.
	Type string
	// Path is the slash path at which the walk met the object ("" for commits and tags, and
	// for trees and blobs met before their path was known).
	Path string
	// Pack is the pack file that holds a corrupt object, relative to the git directory
	// ("objects/pack/pack-<sha>.pack"); "" for loose and missing objects.
	Pack string
	// Offset is the object's offset in Pack.
	Offset int64
	// Missing is true when the object store does not hold the object (ErrMissingObject), and
	// false when it holds it but it cannot be read (ErrCorruptObject).
	Missing bool
	// Err is what went wrong.
	Err error
}

func (e *ObjectError) Error() string {
	var b strings.Builder
	if e.Missing {
		b.WriteString("missing ")
	} else {
		b.WriteString("corrupt ")
	}
	b.WriteString(e.Type)
	b.WriteString(" ")
	b.WriteString(e.ID)
	if e.Path != "" {
		fmt.Fprintf(&b, " (%s)", e.Path)
	}
	if e.Pack != "" {
		fmt.Fprintf(&b, " in %s at offset %d", e.Pack, e.Offset)
	}
	if e.Err != nil && !errors.Is(e.Err, errMissing) {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// SkipReason is scanner.SkipMissing or scanner.SkipCorrupt: the scanner, which cannot import
// this package, finds it with errors.As when a blob's Load fails (a blob over 1 MiB is read
// by its Load).
func (e *ObjectError) SkipReason() scanner.SkipReason {
	if e.Missing {
		return scanner.SkipMissing
	}
	return scanner.SkipCorrupt
}

// Unwrap gives ErrMissingObject or ErrCorruptObject, and the cause.
func (e *ObjectError) Unwrap() []error {
	kind := ErrCorruptObject
	if e.Missing {
		kind = ErrMissingObject
	}
	return []error{kind, e.Err}
}

// objectError names object h of type typ, met at path, as unreadable: err is what the object
// reader returned (an *ObjectError, which keeps its pack and offset) or another error.
func objectError(h plumbing.Hash, typ plumbing.ObjectType, path string, err error) *ObjectError {
	var e ObjectError
	if oe, ok := err.(*ObjectError); ok && oe.ID == h.String() {
		e = *oe
	} else {
		e = ObjectError{ID: h.String(), Type: "object", Err: err}
	}
	if typ >= plumbing.CommitObject && typ <= plumbing.TagObject {
		e.Type = typ.String()
	}
	if e.Path == "" {
		e.Path = path
	}
	return &e
}

// incompleteError is what Source.Incomplete returns.
type incompleteError struct {
	objs    []*ObjectError
	corrupt int
}

func (e *incompleteError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v: %d object", ErrIncomplete, len(e.objs))
	if len(e.objs) != 1 {
		b.WriteString("s")
	}
	fmt.Fprintf(&b, " could not be read (%d corrupt, %d missing), first %v", e.corrupt, len(e.objs)-e.corrupt, e.objs[0])
	if e.corrupt > 0 {
		b.WriteString("; run git fsck, and restore the repository from a good clone")
	}
	return b.String()
}

// Unwrap gives ErrIncomplete, and ErrCorruptObject when an object was corrupt (not only
// missing).
func (e *incompleteError) Unwrap() []error {
	errs := []error{ErrIncomplete}
	if e.corrupt > 0 {
		errs = append(errs, ErrCorruptObject)
	} else {
		errs = append(errs, ErrMissingObject)
	}
	return errs
}

// MarkIncomplete says in rep what the history could not read: a corrupt object makes the scan
// incomplete (its report says so in every format, and the exit code is 2, whatever it found);
// objects that are only missing (a partial clone) are listed as skipped and said in a note.
func (s *Source) MarkIncomplete(rep *report.Report) {
	if err := s.Incomplete(); errors.Is(err, ErrCorruptObject) {
		rep.MarkIncomplete(err.Error())
	} else if err != nil {
		rep.AddNote(err.Error() + "; fetch them (a full clone) for a complete answer")
	}
}
