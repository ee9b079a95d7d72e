"""k6 performance suite: traffic model and SLOs in Python, one k6 script, reports."""
