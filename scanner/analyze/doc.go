// Package analyze reads one script (and, through Result.AddEmulated, what running it in
// scanner/emulate's sandbox revealed): every URL, hostname and IP address it contains, written plainly or hidden by an encoding, and the signs that it
// was obfuscated, summed into a score from 0 to 100.
//
// Plain mentions come from rules.Extract over the source; hidden ones from rules.ExtractLiteral
// over each text that scanner/decode peels (base64, escapes, char codes, concatenation, packers…),
// reported at the encoded text's line and column with the chain of encodings, outermost first.
// A defanged or Unicode (homograph) spelling is reported with the chain "defanged" or
// "punycode". Caesar shifts are not tried: without a needle to look for they are guesses.
//
// # Score
//
// Each kind of indicator counts once, however often it occurs; the score is the sum of the
// weights of the kinds found, capped at 100:
//
//	eval-decoded   30  eval, Function, setTimeout/setInterval with a string, or PHP's eval/assert,
//	                   applied to decoded data (atob, unescape, fromCharCode, base64_decode,
//	                   gzinflate, str_rot13…), or decoded data written into the page
//	                   (document.write, PHP's echo and print)
//	deep-nesting   30  encoded text peeled three or more layers deep (base64 in base64 in base64,
//	                   an escaped literal holding an atob…; concatenation is not a layer), or
//	                   nested deeper than the decoder peels (the result's limits say where)
//	packer         25  Dean Edwards' eval(function(p,a,c,k,e,d){…}) packer
//	string-array   25  the obfuscator.io pattern: an array of many strings with a rotation
//	                   (push(shift())) or a crowd of _0x… identifiers
//	hidden-host    25  a URL, hostname or IP that only decoding reveals (defanging aside)
//	escape-run     15  16 or more \xHH, \uHHHH or \NNN escapes in a row, 24 or more %HH or
//	                   &#NN; in a row, or a fromCharCode list of 16 or more codes
//	high-entropy   10  a string literal of 100 or more base64 or hex characters with at least
//	                   4.5 bits of entropy per character (data: URIs of images and fonts aside)
//	long-line       5  a line longer than 1000 bytes (minified code has them too, hence the weight)
//
// A score under 20 reads as clean, 20 to 49 as suspicious, 50 and over as obfuscated: minified
// code scores 5 at most; a loader that evals a base64 string that hides a host scores 55 or more.
package analyze
