"""Text: sentences and their token records, words and stems, dates, names and places."""
