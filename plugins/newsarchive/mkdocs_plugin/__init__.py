"""The MkDocs adapter: a thin plugin that turns the archive core's data into pages.

Moving to another site engine means rewriting this package only.
"""
