"""Engine-neutral outputs: citations, feeds, the dataset, the map."""
