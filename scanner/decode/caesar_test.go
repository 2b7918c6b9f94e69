package decode

import "testing"

func TestShift(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		k    int
		want string
	}{
		{"rot13", "skim.evil-cdn.example", 13, "fxvz.rivy-pqa.rknzcyr"},
		{"rot13 twice", "fxvz.rivy-pqa.rknzcyr", 13, "skim.evil-cdn.example"},
		{"three", "Hello, World!", 3, "Khoor, Zruog!"},
		{"negative", "Khoor, Zruog!", -3, "Hello, World!"},
		{"wraps", "xyz XYZ", 3, "abc ABC"},
		{"26 is identity", "abc", 26, "abc"},
		{"large negative", "abc", -27, "zab"},
		{"non letters kept", "0123 ä/-_", 5, "0123 ä/-_"},
		{"empty", "", 4, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := string(Shift([]byte(tt.in), tt.k)); got != tt.want {
				t.Errorf("Shift(%q, %d) = %q, want %q", tt.in, tt.k, got, tt.want)
			}
		})
	}
}

func TestShiftDoesNotAlias(t *testing.T) {
	t.Parallel()
	in := []byte("abc")
	out := Shift(in, 1)
	out[0] = 'z'
	if string(in) != "abc" {
		t.Errorf("Shift modified its input: %q", in)
	}
}
