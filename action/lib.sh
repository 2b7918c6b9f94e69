# shellcheck shell=bash
# Helpers shared by action/install.sh and action/scan.sh (sourced, not run).

# sha256 prints the SHA-256 of file $1 in hex: sha256sum (Linux, Git Bash on Windows), else
# shasum (macOS), else openssl.
sha256() {
  if command -v sha256sum >/dev/null; then
    sha256sum "$1" | cut -d' ' -f1
  elif command -v shasum >/dev/null; then
    shasum -a 256 "$1" | cut -d' ' -f1
  else
    openssl dgst -sha256 -r "$1" | cut -d' ' -f1
  fi
}

# output appends name=value to $GITHUB_OUTPUT (stdout outside GitHub).
output() { printf '%s=%s\n' "$1" "$2" >>"${GITHUB_OUTPUT:-/dev/stdout}"; }

# output_lines appends a multi-line value: name<<DELIMITER, the lines, DELIMITER.
output_lines() {
  local delim
  delim="EOF_$(date +%s)_$RANDOM$RANDOM"
  printf '%s<<%s\n%s\n%s\n' "$1" "$delim" "$2" "$delim" >>"${GITHUB_OUTPUT:-/dev/stdout}"
}
