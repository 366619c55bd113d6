"""The archive core: load articles and compute what the site shows (no site engine here)."""
