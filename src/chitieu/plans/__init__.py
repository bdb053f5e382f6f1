"""Terms, congresses, resolutions, targets, yearly results, their sources and their evaluation."""
