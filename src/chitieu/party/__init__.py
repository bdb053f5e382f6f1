"""Party organisation: branches, members, admissions, yearly ratings, badges (issue 5)."""
