package history

import (
	"net/url"
	"path"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5"
)

// Repository names the repository that holds dir the way people name it on a forge
// ("owner/name", from its origin remote's URL), else by the name of its work tree's top, else
// (no repository) by dir's own name. Credentials in the URL never reach the name.
func Repository(dir string) string {
	abs, _ := filepath.Abs(dir)
	repo, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if err != nil {
		return filepath.Base(abs)
	}
	if remote, err := repo.Remote("origin"); err == nil && len(remote.Config().URLs) > 0 {
		if name := repoName(remote.Config().URLs[0]); name != "" {
			return name
		}
	}
	if wt, err := repo.Worktree(); err == nil {
		return filepath.Base(wt.Filesystem.Root())
	}
	return filepath.Base(abs)
}

// repoName is the last two path elements of a remote URL, without ".git": it reads
// https://host/owner/name.git, ssh://git@host/owner/name and scp-like git@host:owner/name.
func repoName(remote string) string {
	p := remote
	if u, err := url.Parse(remote); err == nil && u.Scheme != "" && u.Host != "" {
		p = u.Path
	} else if _, after, ok := strings.Cut(remote, ":"); ok && !strings.Contains(remote, "://") {
		p = after // git@host:owner/name.git
	}
	p = strings.TrimSuffix(strings.Trim(p, "/"), ".git")
	dir, name := path.Split(p)
	owner := path.Base(strings.TrimSuffix(dir, "/"))
	if name == "" || owner == "" || owner == "." || owner == "/" {
		return name
	}
	return owner + "/" + name
}
