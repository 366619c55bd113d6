"""The site layer: the site model, its views, page keys and rendering (no MkDocs import)."""
