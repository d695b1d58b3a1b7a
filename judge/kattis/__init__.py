"""What the Kattis format adds beyond loading: its time-limit rule, its grading, `verify`."""
