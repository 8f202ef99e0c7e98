"""Rule packs, profiles and the election calendar, shipped as data."""
