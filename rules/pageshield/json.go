package pageshield

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

// maxDepth bounds the nesting of a JSON input: Page Shield data is three or four levels deep.
const maxDepth = 512

// node is one JSON value with the byte offset where it starts, so that resources and errors can
// point at the line that holds them.
type node struct {
	off   int
	kind  byte // '{', '[', '"', '0' (number), 't' (bool) or 'n' (null)
	str   string
	num   json.Number
	b     bool
	keys  []string
	vals  []*node // object members, in keys' order
	elems []*node // array elements
}

// get returns the member key of an object (the last one when a key repeats, as encoding/json
// does), or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != '{' {
		return nil
	}
	for i := len(n.keys) - 1; i >= 0; i-- {
		if n.keys[i] == key {
			return n.vals[i]
		}
	}
	return nil
}

// has reports whether an object has any of keys.
func (n *node) has(keys ...string) bool {
	for _, k := range keys {
		if n.get(k) != nil {
			return true
		}
	}
	return false
}

func (n *node) typeName() string {
	switch n.kind {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case '0':
		return "a number"
	case 't':
		return "a boolean"
	}
	return "null"
}

// syntaxError is a malformed JSON input, at a byte offset.
type syntaxError struct {
	off int
	msg string
}

func (e *syntaxError) Error() string { return e.msg }

// parseJSON reads data as a stream of JSON values (one, or several concatenated).
func parseJSON(data []byte) ([]*node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	p := &jsonParser{data: data, dec: dec}
	var out []*node
	for {
		if p.start() == len(data) {
			return out, nil
		}
		n, err := p.value(0)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
}

type jsonParser struct {
	data []byte
	dec  *json.Decoder
}

// start is the offset of the next token: past white space and the ':' or ',' before it.
func (p *jsonParser) start() int {
	i := int(p.dec.InputOffset())
	for i < len(p.data) {
		switch p.data[i] {
		case ' ', '\t', '\r', '\n', ':', ',':
			i++
			continue
		}
		break
	}
	return i
}

func (p *jsonParser) token() (json.Token, error) {
	off := p.start()
	tok, err := p.dec.Token()
	if err == nil {
		return tok, nil
	}
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return nil, &syntaxError{off: int(se.Offset), msg: se.Error()}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return nil, &syntaxError{off: len(p.data), msg: "unexpected end of JSON input"}
	}
	return nil, &syntaxError{off: off, msg: err.Error()}
}

func (p *jsonParser) value(depth int) (*node, error) {
	off := p.start()
	if depth > maxDepth {
		return nil, &syntaxError{off: off, msg: "JSON nested too deeply"}
	}
	tok, err := p.token()
	if err != nil {
		return nil, err
	}
	n := &node{off: off}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n.kind = '{'
			for p.dec.More() {
				kt, err := p.token()
				if err != nil {
					return nil, err
				}
				key, ok := kt.(string)
				if !ok {
					return nil, &syntaxError{off: p.start(), msg: "object key is not a string"}
				}
				v, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, key)
				n.vals = append(n.vals, v)
			}
		case '[':
			n.kind = '['
			for p.dec.More() {
				v, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.elems = append(n.elems, v)
			}
		default:
			return nil, &syntaxError{off: off, msg: "unexpected " + t.String()}
		}
		if _, err := p.token(); err != nil { // the closing delimiter
			return nil, err
		}
	case string:
		n.kind, n.str = '"', t
	case json.Number:
		n.kind, n.num = '0', t
	case bool:
		n.kind, n.b = 't', t
	case nil:
		n.kind = 'n'
	}
	return n, nil
}
