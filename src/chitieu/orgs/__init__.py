"""The organisation tree (province → committee → branch), users' roles on it, and merges."""
