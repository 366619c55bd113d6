"""The build cache: page keys checked against the last build's output, reused files put back."""
