"""Deliver: the email message, sending it over SMTP, and the once-a-day run."""
