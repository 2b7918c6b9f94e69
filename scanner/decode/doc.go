// Package decode finds text that web skimmers hide in code and decodes it
// statically: escapes, base64, character-code lists, split and reversed
// strings, numeric IP spellings, packed scripts and the like. It never
// executes anything and does no I/O.
package decode
