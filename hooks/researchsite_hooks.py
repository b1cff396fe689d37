"""This site's MkDocs hooks: researchsite's, from the installed package (and its theme with them).

Named so as not to shadow a standard-library module (`site.py` would shadow `site`).
"""

from researchsite.hooks import *  # noqa: F401,F403  (MkDocs calls the on_* functions it finds here)
