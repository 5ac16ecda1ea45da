"""Which language to explain recommendations in, from `Accept-Language`."""

SUPPORTED = ("en", "da")
DEFAULT = "en"


def negotiate(accept_language: str | None) -> str:
    """The supported language the client prefers most (RFC 9110 quality values;
    `da-DK` counts as `da`); English when it names none of them."""
    best, best_quality = DEFAULT, 0.0
    for item in (accept_language or "").split(","):
        tag, _, params = item.strip().partition(";")
        language = tag.strip().lower().split("-")[0]
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if language in SUPPORTED and quality > best_quality:  # earlier entries win ties
            best, best_quality = language, quality
    return best
