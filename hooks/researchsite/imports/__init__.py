"""Bringing in what a researcher already has: publications from DBLP, ORCID and BibTeX files,
posts from a WordPress export or a folder of Jekyll or Hugo posts.

Every import writes through `staging.Staging`: all its files or none of them.
"""
