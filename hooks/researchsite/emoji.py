"""pymdownx.emoji's generator for this site: Material's icons inline, emoji as their characters.

Material's own `to_svg` draws its icons inline but links every emoji (`:smile:`) to an image on
a CDN (jsDelivr): one request to another host per emoji, which this site never makes. Here an
emoji shortcode becomes its Unicode character, as the emoji a researcher types (🙂) already
are, and the visitor's own emoji font draws both: nothing is loaded.

    markdown_extensions:
      - pymdownx.emoji:
          emoji_index: !!python/name:material.extensions.emoji.twemoji
          emoji_generator: !!python/name:researchsite.emoji.icons_inline
"""

from __future__ import annotations

from material.extensions.emoji import to_svg
from pymdownx.emoji import to_alt


def icons_inline(index, shortname, alias, uc, alt, title, category, options, md):
    if not uc:  # one of Material's icons (material-, fontawesome-, octicons-, simple-): its SVG inline
        return to_svg(index, shortname, alias, uc, alt, title, category, options, md)
    return to_alt(index, shortname, alias, uc, alt, title, category, options, md)
