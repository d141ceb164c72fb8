"""Getting things from outside: safe HTTP fetching (and, later, articles, feeds and corpora)."""
