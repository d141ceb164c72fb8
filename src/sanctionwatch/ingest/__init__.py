"""Getting things from outside: safe HTTP fetching, and articles from URLs, HTML and text files,
RSS/Atom feeds, WARC files, JSON lines and directories, turned into clean `Document`s."""
