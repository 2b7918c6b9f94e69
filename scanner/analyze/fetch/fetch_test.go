package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestGet(t *testing.T) {
	t.Parallel()
	body := "eval(atob('aHR0cHM6Ly9za2ltLmV2aWwuY29tL2MuanM='))"
	mux := http.NewServeMux()
	var gotUA, gotCookie string
	mux.HandleFunc("/ok.js", func(w http.ResponseWriter, r *http.Request) {
		gotUA, gotCookie = r.UserAgent(), r.Header.Get("Cookie")
		http.SetCookie(w, &http.Cookie{Name: "track", Value: "1"})
		w.Write([]byte(body))
	})
	mux.HandleFunc("/set-cookie", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "track", Value: "1"})
		http.Redirect(w, r, "/ok.js", http.StatusFound)
	})
	mux.HandleFunc("/big.js", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(strings.Repeat("x", 2048))) // chunked: no Content-Length up front
		w.(http.Flusher).Flush()
		w.Write([]byte(strings.Repeat("x", 2048)))
	})
	mux.HandleFunc("/slow.js", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/to-https", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://127.0.0.1:1/x.js", http.StatusFound)
	})
	mux.HandleFunc("/to-file", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/gone.js", http.NotFound)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	data, err := Get(t.Context(), srv.URL+"/set-cookie", Options{})
	if err != nil || string(data) != body {
		t.Fatalf("Get(/set-cookie) = %q, %v; want the script", data, err)
	}
	if gotUA != DefaultUserAgent || gotCookie != "" {
		t.Errorf("request had User-Agent %q and Cookie %q, want %q and none", gotUA, gotCookie, DefaultUserAgent)
	}

	tests := []struct {
		name string
		url  string
		opts Options
		want error  // errors.Is target
		msg  string // part of the message
	}{
		{"size cap", srv.URL + "/big.js", Options{MaxBytes: 3000}, ErrTooLarge, "cap 3000"},
		{"timeout", srv.URL + "/slow.js", Options{Timeout: 200 * time.Millisecond}, ErrFailed, "Timeout"},
		{"redirect to another scheme", srv.URL + "/to-https", Options{}, ErrRedirect, "from http to https"},
		{"redirect to file", srv.URL + "/to-file", Options{}, ErrRedirect, "from http to file"},
		{"redirect loop", srv.URL + "/loop", Options{MaxRedirects: 3}, ErrRedirect, "more than 3 redirects"},
		{"not found", srv.URL + "/gone.js", Options{}, ErrFailed, "404"},
		{"not http", "ftp://example.com/x.js", Options{}, ErrFailed, "want an http or https URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Get(context.Background(), tt.url, tt.opts)
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("Get(%s) error = %v, want %v containing %q", tt.url, err, tt.want, tt.msg)
			}
		})
	}
}
