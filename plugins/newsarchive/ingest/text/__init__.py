"""Reading the layout of a plain-text save: lines, header, related lines, rejoining, URL."""
