"""Review reports in the Party's document format: annual, mid-term, end-of-term (issue 6)."""
